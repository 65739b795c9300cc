import Foundation
import MilexReportTestSupport
import MilexTestSupport
import Testing

@testable import MilexReport

@Suite("SHA-256")
struct SHA256Tests {
    @Test(
        "NIST FIPS 180-4 example vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
    func vectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
    }

    @Test("one million 'a's")
    func millionA() {
        let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(data) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("every length around the block and padding boundaries matches sha256sum")
    func boundaries() throws {
        let tool = try #require(ProcessRunner.find(["sha256sum"]), "sha256sum (coreutils) not found")
        let directory = try temporaryDirectory("sha")
        defer { try? FileManager.default.removeItem(at: directory) }
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129] {
            let data = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            let file = directory.appendingPathComponent("\(length).bin")
            try data.write(to: file)
            let result = try ProcessRunner.run(tool, [file.path])
            #expect(result.stdout.hasPrefix(SHA256.hex(data)), "length \(length)")
        }
        // A slice of a larger Data (non-zero start index) hashes its own bytes.
        let whole = Data("xxabcxx".utf8)
        #expect(SHA256.hex(whole[2..<5]) == SHA256.hex("abc"))
    }
}
