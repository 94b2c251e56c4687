import FHIRCore
import Testing

@Suite("FHIR date/dateTime/instant")
struct FHIRDateTimeTests {
    @Test func precisionBecomesARange() throws {
        let year = try #require(FHIRDateTime("2024"))
        #expect(year.precision == .year)
        #expect(FHIRDateTime.instantString(epochSeconds: year.lowerBound) == "2024-01-01T00:00:00.000Z")
        #expect(FHIRDateTime.instantString(epochSeconds: year.upperBound) == "2025-01-01T00:00:00.000Z")
        let month = try #require(FHIRDateTime("2024-02"))
        #expect(FHIRDateTime.instantString(epochSeconds: month.upperBound) == "2024-03-01T00:00:00.000Z")
        let day = try #require(FHIRDateTime("2024-02-29"))
        #expect(day.upperBound - day.lowerBound == 86_400)
        let t = try #require(FHIRDateTime("2024-02-29T23:30:00+02:00"))
        #expect(FHIRDateTime.instantString(epochSeconds: t.lowerBound) == "2024-02-29T21:30:00.000Z")
        #expect(t.upperBound - t.lowerBound == 1)
        let f = try #require(FHIRDateTime("2024-02-29T23:30:00.1234Z"))
        #expect(f.precision == .fraction)
        #expect(f.nanosecond == 123_400_000)
    }

    @Test(arguments: ["2023-02-29", "2024-13", "2024-00-10", "24", "2024-1-01", "2024-01-01T10:00", "2024-01-01T10:00:00", "2024-01-01T25:00:00Z",
                      "2024-01-01T10:00:00.Z", "2024-01-01 10:00:00Z", "", "2024-01-01T10:00:00+2:00"])
    func rejectsInvalid(_ text: String) {
        #expect(FHIRDateTime(text) == nil)
    }

    @Test func formatsInstantsAndHTTPDates() {
        #expect(FHIRDateTime.instantString(epochSeconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(FHIRDateTime.instantString(epochSeconds: 1_700_000_000.123) == "2023-11-14T22:13:20.123Z")
        #expect(FHIRDateTime.instantString(epochSeconds: -86_400.5) == "1969-12-30T23:59:59.500Z")
        #expect(FHIRDateTime.httpDate(epochSeconds: 1_700_000_000) == "Tue, 14 Nov 2023 22:13:20 GMT")
        #expect(FHIRDateTime.httpDate(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
