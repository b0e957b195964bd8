import Foundation

/// The HTML report of a `lyap train` run folder: its configuration (config.json, nested
/// keys joined with dots), a summary of the training and the ``RunFigures``.
public enum RunReport {
  public static func report(folder url: URL, epochs: [Int]? = nil) throws -> HTMLReport {
    let run = try RunFigures(folder: url)
    let configuration = try flattenedJSON(url.appendingPathComponent("config.json"))
    return HTMLReport(
      title: "Training run \(url.lastPathComponent)",
      blocks: [
        .keyValues(title: "Summary", summary(run)),
        .figures(title: "Figures", try run.figures(epochs: epochs)),
        .keyValues(title: "Configuration (config.json)", configuration),
      ])
  }

  /// Rows of the summary: epochs, losses, accuracy, the last spectrum's statistics, time.
  static func summary(_ run: RunFigures) -> [(key: String, value: String)] {
    let f = HTMLReport.format
    var rows: [(String, String)] = [("epochs trained", "\(run.metrics.last?.epoch ?? 0)")]
    if let last = run.metrics.last {
      rows.append(("final training loss", f(last.trainLoss)))
      rows.append(("final validation loss", f(last.validationLoss)))
      if let accuracy = last.validationAccuracy {
        rows.append(("final validation accuracy", f(accuracy)))
      }
    }
    if let best = run.metrics.min(by: { $0.validationLoss < $1.validationLoss }) {
      rows.append(("best validation loss (epoch)", "\(f(best.validationLoss)) (\(best.epoch))"))
    }
    if let last = run.metrics.last(where: { $0.spectrum != nil }), let spectrum = last.spectrum {
      rows.append(("max exponent at epoch \(last.epoch)", f(spectrum.max)))
      rows.append(("mean exponent at epoch \(last.epoch)", f(spectrum.mean)))
      rows.append(
        ("Kaplan-Yorke dimension at epoch \(last.epoch)", f(spectrum.kaplanYorkeDimension)))
    }
    rows.append(("spectra recorded", "\(run.spectra.count)"))
    rows.append(("training seconds (all epochs)", f(run.metrics.map(\.seconds).reduce(0, +))))
    return rows.map { (key: $0.0, value: $0.1) }
  }

  /// The leaves of a JSON object as `a.b.c` = value, in key order; arrays as JSON text.
  public static func flattenedJSON(_ url: URL) throws -> [(key: String, value: String)] {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    } catch {
      throw ReportError("cannot read \(url.path) as JSON: \(error.localizedDescription)")
    }
    var out: [(key: String, value: String)] = []
    func visit(_ value: Any, _ path: String) {
      if let dictionary = value as? [String: Any] {
        for key in dictionary.keys.sorted() {
          visit(dictionary[key]!, path.isEmpty ? key : path + "." + key)
        }
      } else {
        out.append((path, text(value)))
      }
    }
    visit(object, "")
    return out
  }

  static func text(_ value: Any) -> String {
    if value is NSNull { return "null" }
    if let string = value as? String { return string }
    if let number = value as? NSNumber {
      // JSON true and false are NSNumbers of C type char.
      let isBool = String(cString: number.objCType) == "c"
      return isBool ? (number.boolValue ? "true" : "false") : number.stringValue
    }
    if JSONSerialization.isValidJSONObject(value),
      let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    {
      return String(decoding: data, as: UTF8.self)
    }
    return "\(value)"
  }
}
