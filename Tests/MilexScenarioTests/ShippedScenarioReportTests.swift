import Foundation
import MilexModel
import MilexTestSupport
import Testing

@testable import MilexReport
@testable import MilexScenario

/// What the documents of the shipped scenarios must get right: the debt decomposition's
/// identity on every lane, one colour per variant in every chart, no reference-line label
/// touching a line, bar, point or another label.
@Suite("Reports on the shipped scenarios")
struct ShippedScenarioReportTests {
    static func run(_ name: String) throws -> (Scenario, ProjectionResult) {
        let scenario = try ScenarioLoader().load(file: Repository.scenarios.appendingPathComponent(name).path)
        return (scenario, try ProjectionEngine().run(scenario.request))
    }

    @Test(
        "d_t − d_{t−1} = snowball_t − pb_t + sfa_t to 1e-10 on every lane, outside debt-floor years",
        arguments: OutputTests.shippedScenarios)
    func decompositionIdentity(name: String) throws {
        let (_, result) = try Self.run(name)
        for variant in result.variants.indices {
            for country in result.countries.indices {
                let projection = result.projection(variant: variant, country: country)
                let split = result.debtDecomposition(variant: variant, country: country)
                let gdp = projection[.gdp]
                let debt = projection[.debt]
                // The stock-flow adjustment the engine applies: the baseline's (frozen input in bn,
                // or the forecast's in % of GDP on the run's GDP).
                let baselinePaths = BaselinePaths(inputs: projection.country, years: result.years)
                for t in 1..<result.years.count {
                    let year = result.years[t]
                    let sum = split.sum(at: t)
                    #expect(
                        abs(sum - split.change[t]) <= 1e-10, "\(name) \(projection.variant) \(projection.country.code) \(year)")
                    guard !projection.flags[t].contains(.debtFloor) else { continue }
                    // From MODEL.md §4 directly, on the engine's own figures: int_t − g/(1+g)·d_{t−1} − pb_t + sfa_t.
                    let interest = 100 * projection[.interestBn][t] / gdp[t]
                    let growth = (gdp[t] / gdp[t - 1] - 1)
                    let snowball = interest - growth / (1 + growth) * debt[t - 1]
                    let sfa = 100 * baselinePaths.stockFlow(t, gdp: gdp[t]) / gdp[t]
                    #expect(
                        abs(debt[t] - debt[t - 1] - (snowball - projection[.primaryBalance][t] + sfa)) <= 1e-10,
                        "\(name) \(projection.variant) \(projection.country.code) \(year)")
                    #expect(abs(split[.stockFlow][t] - sfa) <= 1e-10)
                    #expect(split[.floorResidual][t] == 0)
                    // The primary balance before defence is the baseline variant's.
                    #expect(
                        split[.primaryBeforeDefence][t] == -result.projection(variant: 0, country: country)[.primaryBalance][t])
                }
            }
        }
    }

    /// The documents whose charts are checked: the run and the comparison of every shipped
    /// scenario with variants.
    static func documents(_ name: String) throws -> [Document] {
        let (scenario, result) = try run(name)
        let context = RunContext(scenario: scenario, result: result)
        var documents = [RunDocument.build(context)]
        if result.variants.count > 1 {
            documents.append(try CompareReport(scenario: scenario, result: result).document(provenance: context.provenance))
        }
        return documents
    }

    @Test(
        "every chart has a source line; a variant has one colour in every chart of a document",
        arguments: OutputTests.shippedScenarios)
    func chartsSourcesAndColours(name: String) throws {
        for document in try Self.documents(name) {
            var colours: [String: Set<String>] = [:]
            for section in document.sections {
                for case .chart(let chart) in section.blocks {
                    #expect(chart.source?.isEmpty == false, "\(name): chart \(chart.id) has no source line")
                    for (series, colour) in ChartLayout.seriesColours(chart.svg) { colours[series, default: []].insert(colour) }
                }
            }
            #expect(!colours.isEmpty)
            for (series, used) in colours {
                #expect(used.count == 1, "\(name) \(document.command): \(series) is drawn in \(used.sorted())")
            }
        }
    }

    @Test("no reference-line label overlaps a series, bar, point or label", arguments: OutputTests.shippedScenarios)
    func referenceLabelsClear(name: String) throws {
        var checked = 0
        for document in try Self.documents(name) {
            for section in document.sections {
                for case .chart(let chart) in section.blocks {
                    for problem in ChartLayout.referenceLabelCollisions(chart.svg) {
                        Issue.record("\(name): chart \(chart.id): \(problem)")
                    }
                    checked += ChartLayout.referenceLabelCount(chart.svg)
                }
            }
        }
        #expect(checked > 0, "\(name): no reference label was checked")
    }
}

/// Reads the geometry of milex's SVG back (the subset it writes: text, rect, circle, path with
/// M and L commands, panels translated by `translate(x y)`), to check labels against marks.
enum ChartLayout {
    struct Box: CustomStringConvertible {
        var left: Double, top: Double, right: Double, bottom: Double

        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }

        func intersects(segment a: (Double, Double), _ b: (Double, Double)) -> Bool {
            // Sample the segment densely: labels are a few pixels tall, segments short.
            let steps = max(2, Int(max(abs(b.0 - a.0), abs(b.1 - a.1)) / 0.5))
            return (0...steps).contains { step in
                let f = Double(step) / Double(steps)
                let (x, y) = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
                return x > left && x < right && y > top && y < bottom
            }
        }

        var description: String { String(format: "[%.1f, %.1f]–[%.1f, %.1f]", left, top, right, bottom) }
    }

    static func attributes(_ tag: String) -> [String: String] {
        var result: [String: String] = [:]
        let regex = try! NSRegularExpression(pattern: #"([a-z-]+)="([^"]*)""#)
        for match in regex.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
            result[String(tag[Range(match.range(at: 1), in: tag)!])] = String(tag[Range(match.range(at: 2), in: tag)!])
        }
        return result
    }

    /// The elements of one coordinate space: the chart outside its panels, and each panel.
    static func spaces(_ svg: String) -> [String] {
        var spaces: [String] = []
        var outside = ""
        var rest = Substring(svg)
        while let start = rest.range(of: "<g class=\"panel\"") {
            outside += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "</g>") else { break }
            spaces.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        outside += rest
        return [outside] + spaces
    }

    static func tags(_ space: String, _ name: String) -> [(attributes: [String: String], text: String)] {
        let regex = try! NSRegularExpression(
            pattern: "<\(name) ([^>]*?)(/>|>(.*?)</\(name)>)", options: [.dotMatchesLineSeparators])
        return regex.matches(in: space, range: NSRange(space.startIndex..., in: space)).map { match in
            let text = Range(match.range(at: 3), in: space).map { String(space[$0]) } ?? ""
            return (attributes(String(space[Range(match.range(at: 1), in: space)!])), text)
        }
    }

    /// A text element's box, estimated as the renderer estimates it (7 px a character at 12 px).
    static func box(text attributes: [String: String], _ text: String) -> Box? {
        guard attributes["transform"] == nil, let x = Double(attributes["x"] ?? ""), let y = Double(attributes["y"] ?? "")
        else { return nil }
        let size = Double(attributes["font-size"] ?? "12") ?? 12
        let plain = text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
        let width = Double(DisplayWidth.of(plain)) * 7 * size / 12
        let left: Double
        switch attributes["text-anchor"] {
        case "end": left = x - width
        case "middle": left = x - width / 2
        default: left = x
        }
        return Box(left: left, top: y - size * 0.8, right: left + width, bottom: y + size * 0.2)
    }

    static func points(_ d: String) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = []
        for command in d.split(whereSeparator: { $0 == "M" }) {
            let pairs = command.split(whereSeparator: { $0 == "L" || $0 == "Z" }).compactMap { pair -> (Double, Double)? in
                let numbers = pair.split(separator: " ").compactMap { Double($0) }
                return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
            }
            if !pairs.isEmpty { runs.append(pairs) }
        }
        return runs
    }

    static func referenceLabelCount(_ svg: String) -> Int {
        spaces(svg).map { tags($0, "text").filter { $0.attributes["class"] == "reference-label" }.count }.reduce(0, +)
    }

    /// Every overlap of a reference-line label with a series, bar, point or other text.
    static func referenceLabelCollisions(_ svg: String) -> [String] {
        var problems: [String] = []
        for space in spaces(svg) {
            let texts = tags(space, "text")
            let labels = texts.filter { $0.attributes["class"] == "reference-label" }
            let others = texts.filter { $0.attributes["class"] != "reference-label" }.compactMap { text in
                box(text: text.attributes, text.text).map { (text.text, $0) }
            }
            let bars = tags(space, "rect").filter { ($0.attributes["class"] ?? "").hasPrefix("bar") }.compactMap { rect -> Box? in
                guard let x = Double(rect.attributes["x"] ?? ""), let y = Double(rect.attributes["y"] ?? ""),
                    let w = Double(rect.attributes["width"] ?? ""), let h = Double(rect.attributes["height"] ?? "")
                else { return nil }
                return Box(left: x, top: y, right: x + w, bottom: y + h)
            }
            let dots = tags(space, "circle").filter { $0.attributes["class"] == "point" }.compactMap { circle -> Box? in
                guard let x = Double(circle.attributes["cx"] ?? ""), let y = Double(circle.attributes["cy"] ?? ""),
                    let r = Double(circle.attributes["r"] ?? "")
                else { return nil }
                return Box(left: x - r, top: y - r, right: x + r, bottom: y + r)
            }
            let lines = tags(space, "path").filter { ["series", "median", "deterministic"].contains($0.attributes["class"]) }
                .flatMap { points($0.attributes["d"] ?? "") }
            for label in labels {
                guard let labelBox = box(text: label.attributes, label.text) else { continue }
                for (text, other) in others where labelBox.overlaps(other) {
                    problems.append("reference label \"\(label.text)\" \(labelBox) overlaps text \"\(text)\" \(other)")
                }
                for bar in bars where labelBox.overlaps(bar) {
                    problems.append("reference label \"\(label.text)\" overlaps a bar \(bar)")
                }
                for dot in dots where labelBox.overlaps(dot) {
                    problems.append("reference label \"\(label.text)\" overlaps a point \(dot)")
                }
                for run in lines where zip(run, run.dropFirst()).contains(where: { labelBox.intersects(segment: $0, $1) }) {
                    problems.append("reference label \"\(label.text)\" \(labelBox) crosses a series")
                }
                for other in labels where other.attributes != label.attributes {
                    if let otherBox = box(text: other.attributes, other.text), labelBox.overlaps(otherBox) {
                        problems.append("reference labels \"\(label.text)\" and \"\(other.text)\" overlap")
                    }
                }
            }
        }
        return problems
    }

    /// The colour each named series is drawn in: lines by `data-series`, bars and points by
    /// the legend entry of their colour (`<title>` "country, series: value").
    static func seriesColours(_ svg: String) -> [(String, String)] {
        var found: [(String, String)] = []
        for path in tags(svg, "path") where path.attributes["class"] == "series" {
            if let name = path.attributes["data-series"], let stroke = path.attributes["stroke"] { found.append((name, stroke)) }
        }
        for kind in ["rect", "circle"] {
            for element in tags(svg, kind) where ["bar", "point"].contains(element.attributes["class"]) {
                guard let fill = element.attributes["fill"],
                    let title = element.text.range(of: "<title>").map({ element.text[$0.upperBound...] }),
                    let comma = title.firstIndex(of: ","), let colon = title.lastIndex(of: ":")
                else { continue }
                let name = title[title.index(after: comma)..<colon].trimmingCharacters(in: .whitespaces)
                found.append((name.replacingOccurrences(of: "&amp;", with: "&"), fill))
            }
        }
        return found
    }
}
