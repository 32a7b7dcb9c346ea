import Testing

@testable import SitLessCore

@Suite("MemoCache")
struct MemoCacheTests {
    @Test("a key's value is computed once; at the limit the next new key starts afresh")
    func remembersAndBounds() {
        // setup
        let cache = MemoCache<String, Int>(limit: 2)
        var computed: [String] = []
        func square(_ key: String) -> Int {
            cache.value(for: key) {
                computed.append(key)
                return Int(key)! * Int(key)!
            }
        }
        // MUT + validate
        #expect(square("3") == 9)
        #expect(square("3") == 9)
        #expect(square("4") == 16)
        #expect(computed == ["3", "4"])
        #expect(cache.count == 2)
        #expect(square("5") == 25)  // the third key: the cache starts afresh
        #expect(cache.count == 1)
        #expect(square("3") == 9)  // forgotten, so computed again
        #expect(computed == ["3", "4", "5", "3"])
    }
}
