import NIOConcurrencyHelpers
import Synchronization
import Vapor

/// Requests being answered right now, so `serve` can let them finish before it closes the
/// database on shutdown. (Vapor stops waiting for a request once its client has gone; a
/// handler still running then found the database closed and crashed the process.)
public final class InFlightRequests: Sendable {
    private struct State {
        var count = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    public init() {}

    func begin() {
        state.withLock { $0.count += 1 }
    }

    func end() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
            guard state.count == 0 else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no request is being answered.
    public func idle() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.count == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}

/// Counts each request in `InFlightRequests` while it is answered. (Like the other
/// middleware that needs no `await`, written with futures: Vapor starts a task for every
/// `AsyncMiddleware` on every request, which showed in the load benchmark.)
struct InFlightMiddleware: Middleware {
    let requests: InFlightRequests

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        requests.begin()
        return next.respond(to: request).always { _ in requests.end() }
    }
}

struct InFlightRequestsKey: StorageKey { typealias Value = InFlightRequests }

extension Application {
    public var inFlightRequests: InFlightRequests {
        if let requests = storage[InFlightRequestsKey.self] { return requests }
        let requests = InFlightRequests()
        storage[InFlightRequestsKey.self] = requests
        return requests
    }

    /// Lets the requests being answered and the imports running finish, for at most
    /// `limit`, before the database closes (`serve` calls it once the server has stopped).
    public func drain(limit: Duration) async {
        let requests = inFlightRequests
        let imports = importJobs
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = NIOLockedValueBox(false)
            let resume: @Sendable () -> Void = {
                if resumed.withLockedValue({ done in
                    defer { done = true }
                    return !done
                }) {
                    continuation.resume()
                }
            }
            Task {
                await requests.idle()
                await imports.waitForAll()
                resume()
            }
            Task {
                try? await Task.sleep(for: limit)
                resume()
            }
        }
    }
}
