import Foundation
import Testing

@testable import SitLessCore

@Suite("Load units")
struct LoadUnitTests {
    @Test("pounds to kilograms and back: 20 lb is stored as 9.07 kg and reads 20 lb")
    func pounds() {
        #expect(LoadUnit.pounds.kilograms(20) == 9.07)  // 20 x 0.45359237 = 9.0718474
        #expect(LoadUnit.pounds.text(kilograms: 9.07) == "20 lb")  // 19.996 lb
        #expect(LoadUnit.kilograms.text(kilograms: 9.07) == "9 kg")
        #expect(LoadUnit.kilograms.text(kilograms: 12.25) == "12.5 kg")
        #expect(LoadUnit.pounds.text(kilograms: 24) == "53 lb")  // 52.91 lb
        #expect(LoadUnit.pounds.text(kilograms: 10) == "22 lb")  // 22.05 lb
        #expect(LoadUnit.pounds.text(kilograms: 11.34) == "25 lb")  // 25.0 lb
        #expect(LoadUnit.pounds.kilograms(27.5) == 12.47)  // 12.4737902
        #expect(LoadUnit.pounds.text(kilograms: 12.47) == "27.5 lb")
        #expect(LoadUnit.pounds.maximum == 1102)  // 500 kg = 1102.3 lb
        #expect(LoadUnit.kilograms.maximum == 500)
    }

    @Test("form values keep kilograms as stored and pounds to the half")
    func fields() {
        #expect(LoadUnit.kilograms.fieldValue(kilograms: 9.07) == "9.07")
        #expect(LoadUnit.kilograms.fieldValue(kilograms: 12.5) == "12.5")
        #expect(LoadUnit.kilograms.fieldValue(kilograms: 12) == "12")
        #expect(LoadUnit.kilograms.fieldValue(kilograms: 4.05) == "4.05")
        #expect(LoadUnit.pounds.fieldValue(kilograms: 9.07) == "20")
    }

    @Test("the load moved in a session, and dosages with their load")
    func volume() {
        // 3 x 10 at 20 lb: 30 x 9.07 kg = 272.1 kg = 599.9 lb.
        #expect(LoadUnit.pounds.volumeText(Array(repeating: (10, 9.07), count: 3)) == "600 lb")
        #expect(LoadUnit.kilograms.volumeText(Array(repeating: (10, 9.07), count: 3)) == "272 kg")
        #expect(LoadUnit.pounds.volumeText([]) == nil)
        var dosage = Dosage.reps(3, 10)
        dosage.loadKilograms = 9.07
        #expect(dosage.volume(in: .pounds) == "3 x 10 @ 20 lb")
        #expect(dosage.volume(in: .kilograms) == "3 x 10 @ 9 kg")
        #expect(Dosage.reps(3, 10).volume(in: .pounds) == "3 x 10")
    }
}
