import Foundation
import Testing

@testable import SitLessCore

/// Worked examples on the built-in catalog: what a person can do with what they have, and
/// what stands in for the rest.
@Suite("Equipment fit")
struct EquipmentFitTests {
    let catalog: Catalog
    init() throws { catalog = try Catalog.builtIn() }

    let floorOnly = EquipmentChoice.available([])
    var atHome: Set<Equipment> { EquipmentChoice.available([.household]) }

    @Test("the answers stand for equipment; the floor is always there; stored text round-trips")
    func answers() {
        #expect(floorOnly == [.none, .mat])
        #expect(atHome == [.none, .mat, .chair, .wall, .desk, .step, .dowel])
        #expect(EquipmentChoice.available([.gym]) == Set(Equipment.allCases))
        #expect(EquipmentChoice.text([.weights, .household]) == "household,weights")
        #expect(EquipmentChoice.parse("household, weights,nonsense") == [.household, .weights])
        #expect(EquipmentChoice.parse(nil).isEmpty)
    }

    @Test("hip thrust without a bench: the glute bridge, its easier step, comes first")
    func hipThrust() {
        let ids = catalog.equivalents(of: "hip-thrust", with: floorOnly).map(\.id)
        #expect(ids.first == "glute-bridge")
        // Every candidate works the glutes and needs nothing but a floor.
        for id in ids {
            let e = catalog.exercise(id)!
            #expect(e.primaryMuscles.contains(.gluteusMaximus) && e.canBeDone(with: floorOnly), "\(id)")
        }
        #expect(!ids.contains("hip-thrust"))
    }

    @Test("rear-foot-elevated squat without a suspension trainer: the split squat")
    func rearFootElevated() {
        #expect(catalog.equivalents(of: "rear-foot-elevated-squat", with: floorOnly).first?.id == "split-squat")
    }

    @Test(
        "kettlebell deadlift: at home the dowel hip hinge (a broom handle); on the floor alone, a glute strength move"
    )
    func deadlift() throws {
        #expect(catalog.equivalents(of: "kettlebell-deadlift", with: atHome).first?.id == "dowel-hip-hinge")
        let floor = catalog.equivalents(of: "kettlebell-deadlift", with: floorOnly)
        #expect(!floor.map(\.id).contains("dowel-hip-hinge"))
        let first = try #require(floor.first)
        #expect(first.kind == .strength && first.canBeDone(with: floorOnly))
        #expect(first.primaryMuscles.contains(.gluteusMaximus))
    }

    @Test("desk-break moves stand in only for desk-break moves")
    func deskBreaks() {
        let forGluteBridge = catalog.equivalents(
            of: "glute-bridge", with: EquipmentChoice.available([.household]), limit: 10)
        #expect(forGluteBridge.allSatisfy { !$0.isDeskBreak })
    }

    @Test("Glute wake-up on the floor alone: four swaps, nothing impossible; with a gym it fits as it is")
    func programFit() throws {
        let wakeUp = try #require(catalog.program("glute-wake-up"))
        let fit = catalog.fit(of: wakeUp, with: floorOnly)
        #expect(fit.cannot.isEmpty)
        #expect(
            Set(fit.swaps.map(\.exerciseID)) == [
                "hip-thrust", "kettlebell-deadlift", "rear-foot-elevated-squat", "seated-glute-stretch",
            ])
        #expect(fit.swaps.first { $0.exerciseID == "hip-thrust" }?.missing == [.bench])
        #expect(fit.swaps.first { $0.exerciseID == "seated-glute-stretch" }?.swapID == "supine-knee-to-chest-stretch")
        #expect(catalog.fit(of: wakeUp, with: EquipmentChoice.available([.gym])).fitsAsIs)
    }

    @Test("the recommendation follows the equipment")
    func recommendation() throws {
        let programs = catalog.programs.filter { $0.id != "desk-break-set" }
        // With a gym everything fits, so the first program given wins the tie.
        #expect(
            catalog.recommendedProgram(among: programs, with: EquipmentChoice.available([.gym]))?.id
                == programs.first?.id)
        // On the floor alone, Glute medius focus needs two swaps (band walk, box squat), Glute wake-up four.
        #expect(catalog.recommendedProgram(among: programs, with: floorOnly)?.id == "glute-medius-focus")
        #expect(catalog.fit(of: try #require(catalog.program("glute-medius-focus")), with: floorOnly).swaps.count == 2)
    }
}
