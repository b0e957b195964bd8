import Foundation
import Testing

/// `lyap report` on a real run folder, rendered by headless Chromium: the page is not blank
/// and every figure's plot area holds drawn marks.
@Suite struct ReportBrowserTests {
  static let window = (width: 1400, height: 2600)

  /// The Chromium executable: `chromium` (Debian) or another common name on PATH.
  static func chromium() -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for folder in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
        let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      }
    }
    return nil
  }

  /// Screenshots `html` into `png`; fails after `timeout` seconds (Chromium is then stopped).
  static func screenshot(_ html: String, to png: String, profile: String, timeout: Double = 90)
    throws -> (status: Int32, stderr: String)
  {
    let browser = try #require(
      chromium(),
      "Chromium is not installed: the browser test needs it (make setup-browser, or apt-get install chromium)"
    )
    let process = Process()
    process.executableURL = browser
    process.arguments =
      (getuid() == 0 ? ["--no-sandbox"] : []) + [
        "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        "--user-data-dir=\(profile)", "--screenshot=\(png)",
        "--window-size=\(window.width),\(window.height)", URL(fileURLWithPath: html).absoluteString,
      ]
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      Issue.record("Chromium did not finish within \(timeout) s")
    }
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, stderr)
  }

  /// The plot areas of the figures in a screenshot: pairs of dark vertical runs at least 300
  /// px long, 388 px apart (the frame is 388 x 312 px), as (left, top) pixels.
  static func frames(_ image: PNGImage) -> [(x: Int, y: Int)] {
    func dark(_ x: Int, _ y: Int) -> Bool {
      let (r, g, b) = image.pixel(x, y)
      return max(r, g, b) < 200
    }
    var runs: [(x: Int, y: Int)] = []
    for x in 0..<image.width {
      var start = 0
      for y in 0...image.height {
        if y < image.height && dark(x, y) { continue }
        if y - start >= 300 { runs.append((x, start)) }
        start = y + 1
      }
    }
    var frames: [(x: Int, y: Int)] = []
    for left in runs
    where !frames.contains(where: { abs($0.x - left.x) <= 2 && abs($0.y - left.y) <= 2 }) {
      if runs.contains(where: { abs($0.x - left.x - 388) <= 2 && abs($0.y - left.y) <= 2 }) {
        frames.append(left)
      }
    }
    return frames
  }

  /// Pixels inside a plot area that are coloured or dark: marks, not the white background or
  /// the light grey grid.
  static func marks(_ image: PNGImage, in frame: (x: Int, y: Int)) -> Int {
    var count = 0
    for y in frame.y + 3..<frame.y + 309 {
      for x in frame.x + 3..<frame.x + 385 {
        let (r, g, b) = image.pixel(x, y)
        if max(r, g, b) - min(r, g, b) > 30 || max(r, g, b) < 215 { count += 1 }
      }
    }
    return count
  }

  @Test func runReportRendersEveryFigureInChromium() throws {
    let run = CommandLineTests.temporary("report-run")
    let html = CommandLineTests.temporary("report.html")
    let png = CommandLineTests.temporary("report.png")
    let profile = CommandLineTests.temporary("chromium-profile")
    defer {
      for path in [run, html, png, profile] { try? FileManager.default.removeItem(atPath: path) }
    }
    let train = try CommandLineTests.lyap(
      ["train"] + StudyCommandTests.data.dropLast(2) + [
        "--train-count", "16", "--validation-count", "8", "--arch", "rnn", "--hidden-size", "6",
        "--batch-size", "8", "--epochs", "2", "--spectrum-batch", "2", "--run-dir", run,
      ])
    #expect(train.status == 0, "\(train.stderr)")
    let report = try CommandLineTests.lyap(["report", run, "--output", html])
    #expect(report.status == 0, "\(report.stderr)")
    #expect(report.stdout == html + "\n")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    let figureCount = page.components(separatedBy: "<figure ").count - 1
    #expect(figureCount == 5)
    #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("href="))

    let browser = try Self.screenshot(html, to: png, profile: profile)
    #expect(browser.status == 0, "\(browser.stderr)")
    let image = try PNGImage(contentsOf: URL(fileURLWithPath: png))
    #expect(image.width == Self.window.width && image.height == Self.window.height)
    let nonWhite = stride(from: 0, to: image.rgb.count, by: 3).filter { image.rgb[$0] < 250 }.count
    #expect(nonWhite > image.width * image.height / 100, "the page looks blank")
    let frames = Self.frames(image)
    #expect(frames.count == figureCount, "plot areas found at \(frames)")
    for frame in frames {
      #expect(Self.marks(image, in: frame) > 300, "no marks in the plot area at \(frame)")
    }
  }
}
