/// A FHIR `date`, `dateTime` or `instant` value, keeping the precision it was written with.
///
/// FHIR gives precision meaning: `2024` denotes the whole year. ``range`` turns the value into the
/// half-open interval of instants it covers, which is what search comparisons use.
public struct FHIRDateTime: Sendable, Hashable, CustomStringConvertible {
    /// How much of the value was given.
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day, minute, second, fraction
        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Fractional seconds as nanoseconds (FHIR allows arbitrary digits; we keep up to 9).
    public let nanosecond: Int
    /// Offset from UTC in minutes, or nil when none was given (date-only values).
    public let timeZoneOffsetMinutes: Int?
    public let precision: Precision
    /// The text the value was parsed from.
    public let text: String

    public var description: String { text }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm(:ss(.f+)?)?(Z|±hh:mm)`.
    /// Returns nil for anything else, including impossible dates such as `2023-02-30`.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = b[k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4) else { return nil }
        var mo = 1, d = 1, h = 0, mi = 0, s = 0, ns = 0
        var tz: Int? = nil
        var p = Precision.year
        if i < b.count {
            guard expect(45), let m = digits(2), (1...12).contains(m) else { return nil }
            mo = m; p = .month
            if i < b.count {
                guard expect(45), let dd = digits(2), dd >= 1, dd <= Self.daysIn(month: mo, year: y) else { return nil }
                d = dd; p = .day
                if i < b.count {
                    guard expect(84), let hh = digits(2), hh < 24, expect(58), let mm = digits(2), mm < 60 else { return nil }
                    h = hh; mi = mm; p = .minute
                    if i < b.count, b[i] == 58 {
                        i += 1
                        guard let ss = digits(2), ss < 60 else { return nil }
                        s = ss; p = .second
                        if i < b.count, b[i] == 46 {
                            i += 1
                            var n = 0, scale = 100_000_000, count = 0
                            while i < b.count, b[i] >= 48, b[i] <= 57 {
                                if count < 9 { n += Int(b[i] - 48) * scale; scale /= 10 }
                                count += 1; i += 1
                            }
                            guard count > 0 else { return nil }
                            ns = n; p = .fraction
                        }
                    }
                    guard i < b.count else { return nil }  // a time needs a zone
                    if b[i] == 90 { i += 1; tz = 0 } else {
                        let sign = b[i] == 43 ? 1 : (b[i] == 45 ? -1 : 0)
                        guard sign != 0 else { return nil }
                        i += 1
                        guard let oh = digits(2), oh <= 14, expect(58), let om = digits(2), om < 60 else { return nil }
                        tz = sign * (oh * 60 + om)
                    }
                }
            }
        }
        guard i == b.count else { return nil }
        year = y; month = mo; day = d; hour = h; minute = mi; second = s; nanosecond = ns
        timeZoneOffsetMinutes = tz; precision = p; self.text = text
    }

    /// The first instant covered, as seconds since 1970-01-01T00:00:00Z (date-only values are read as UTC).
    public var lowerBound: Double {
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let secs = days * 86_400 + hour * 3_600 + minute * 60 + second - (timeZoneOffsetMinutes ?? 0) * 60
        return Double(secs) + Double(nanosecond) / 1e9
    }

    /// The first instant after the value (exclusive upper bound), in seconds since the epoch.
    public var upperBound: Double {
        switch precision {
        case .year:
            return Double((Self.daysFromCivil(year: year + 1, month: 1, day: 1)) * 86_400) - Double((timeZoneOffsetMinutes ?? 0) * 60)
        case .month:
            let (ny, nm) = month == 12 ? (year + 1, 1) : (year, month + 1)
            return Double(Self.daysFromCivil(year: ny, month: nm, day: 1) * 86_400) - Double((timeZoneOffsetMinutes ?? 0) * 60)
        case .day: return lowerBound + 86_400
        case .minute: return lowerBound + 60
        case .second: return lowerBound + 1
        case .fraction: return lowerBound + 0.001
        }
    }

    /// Formats seconds since the epoch as a FHIR `instant` in UTC with millisecond precision,
    /// e.g. `2026-11-29T14:24:04.123Z`.
    public static func instantString(epochSeconds: Double) -> String {
        let totalMs = Int((epochSeconds * 1000).rounded(.down))
        var days = totalMs / 86_400_000
        var msOfDay = totalMs % 86_400_000
        if msOfDay < 0 { msOfDay += 86_400_000; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        let h = msOfDay / 3_600_000, mi = (msOfDay / 60_000) % 60, s = (msOfDay / 1000) % 60, ms = msOfDay % 1000
        func pad(_ v: Int, _ w: Int) -> String {
            let t = String(v)
            return t.count >= w ? t : String(repeating: "0", count: w - t.count) + t
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension FHIRDateTime {
    /// Formats seconds since the epoch as an HTTP date (RFC 9110 IMF-fixdate), e.g. `Sun, 29 Nov 2026 14:24:04 GMT`.
    public static func httpDate(epochSeconds: Double) -> String {
        let secs = Int(epochSeconds.rounded(.down))
        var days = secs / 86_400
        var sod = secs % 86_400
        if sod < 0 { sod += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekday), \(two(d)) \(month) \(y) \(two(sod / 3600)):\(two((sod / 60) % 60)):\(two(sod % 60)) GMT"
    }
}
