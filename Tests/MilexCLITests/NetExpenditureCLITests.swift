import Foundation
import MilexTestSupport
import Testing

/// `--view net-expenditure` on the shipped ReArm Europe scenario: every member state with an
/// endorsed path, its control account and headroom, and the Council documents in the notes.
@Suite("milex run --view net-expenditure")
struct NetExpenditureCLITests {
    @Test("every member state with an endorsed path in rearm-europe has a row, in every format, with its sources")
    func rearmEurope() throws {
        let text = try CLI.run(["run", "Scenarios/rearm-europe.json", "--view", "net-expenditure"])
        #expect(text.status == 0, "\(text.stderr)")
        let scenario =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: CLI.root.appendingPathComponent("Scenarios/rearm-europe.json"))) as! [String: Any]
        // The run's EU members with a path: from the data, as milex show lists them.
        let json = try CLI.run(["run", "Scenarios/rearm-europe.json", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let projections = document["projections"] as! [[String: Any]]
        let withPath = Set(
            projections.filter { projection in
                (projection["years"] as! [[String: Any]]).contains { $0["control_account_pct_gdp"] is NSNumber }
            }.map { $0["country"] as! String })
        #expect(withPath.count >= 15, "\(withPath.sorted())")
        #expect(scenario["countries"] != nil)
        for code in withPath {
            #expect(text.stdout.contains("\n\(code) "), "\(code) has no row")
        }
        #expect(text.stdout.contains("Ceilings: ") && text.stdout.contains("EURULES_"))
        #expect(text.stdout.contains("No endorsed net expenditure path in the data:"))
        let csv = try CLI.run(["run", "Scenarios/rearm-europe.json", "--view", "net-expenditure", "--format", "csv"])
        #expect(csv.status == 0)
        let header = csvBody(csv.stdout).components(separatedBy: "\r\n").first ?? ""
        #expect(header.hasPrefix("variant,country,path,years_above,largest_deviation_pct_gdp"))
        #expect(header.contains(",headroom_pct_gdp_2026,") && header.contains(",headroom_pct_gdp_2028,"))
        // Years flagged in JSON: the §13 flags join the §9 flags.
        let flags = projections.flatMap { ($0["years"] as! [[String: Any]]).flatMap { $0["flags"] as! [String] } }
        #expect(flags.contains("control_account_breach"))
    }
}
