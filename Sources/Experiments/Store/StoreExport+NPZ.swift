import Foundation
import TensorIO

extension StoreExport {
  /// The arrays of the `.npz` export, one entry per trial in spec order:
  ///
  /// * `trial_id`, `status`: strings (NumPy unicode);
  /// * `loss`, `accuracy`, `best_loss`: the final validation loss, final accuracy and best
  ///   validation loss, float64, NaN when there is none (a trial not finished);
  /// * `epochs`: the epochs completed, float64;
  /// * `param_<name>` per varied option or variable: float64 when every trial's value is a
  ///   number or boolean (booleans as 0 and 1, NaN where a trial lacks it), else strings
  ///   (empty where a trial lacks it);
  /// * `k`: the number of exponents in the trial's last spectrum (0 without one);
  /// * `spectra`: float64 padded with NaN to the most exponents of any trial, `kmax`. When
  ///   the sweep records a spectrum per epoch, `[trials, epochs + 1, kmax]` with row `e` the
  ///   spectrum of epoch `e` (NaN when not recorded), `epochs` the largest epoch of any
  ///   trial; otherwise `[trials, kmax]`, each trial's last spectrum;
  /// * `loss_epochs`: with a spectrum per epoch, `[trials, epochs + 1]` float64, row `e` the
  ///   validation loss after epoch `e` (NaN when not recorded), for the loss-at-epoch baseline
  ///   of the pre-trained AeLLE.
  public static func arrays(_ store: ResultStore) throws -> [String: NPYArray] {
    let trials = try store.trials()
    let epochs = try store.allEpochs()
    let count = trials.count
    func numbers(_ values: [Double], shape: [Int]? = nil) throws -> NPYArray {
      .numbers(try NDArray(shape: shape ?? [values.count], data: values))
    }
    var arrays: [String: NPYArray] = [
      "trial_id": .strings(NDStringArray(trials.map(\.id))),
      "status": .strings(NDStringArray(trials.map(\.status.rawValue))),
      "loss": try numbers(trials.map { $0.finalValidationLoss ?? .nan }),
      "accuracy": try numbers(trials.map { $0.finalAccuracy ?? .nan }),
      "best_loss": try numbers(trials.map { $0.bestValidationLoss ?? .nan }),
      "epochs": try numbers(trials.map { Double($0.epochsCompleted) }),
    ]
    for name in store.sweep.info.variedNames {
      arrays["param_" + name] = try parameter(trials.map { $0.trial.value(of: name) })
    }

    let spectra = trials.map { trial in
      (epochs[trial.id] ?? []).compactMap { r in r.exponents.map { (r.epoch, $0) } }
    }
    let kmax = spectra.joined().map(\.1.count).max() ?? 0
    arrays["k"] = try numbers(spectra.map { Double($0.last?.1.count ?? 0) })
    if store.sweep.info.spectrumPerEpoch {
      let rows = (epochs.values.joined().map(\.epoch).max() ?? 0) + 1
      var data = [Double](repeating: .nan, count: count * rows * kmax)
      for (t, trialSpectra) in spectra.enumerated() {
        for (epoch, exponents) in trialSpectra where epoch >= 0 {
          let start = (t * rows + epoch) * kmax
          data.replaceSubrange(start..<start + exponents.count, with: exponents)
        }
      }
      arrays["spectra"] = try numbers(data, shape: [count, rows, kmax])
      var losses = [Double](repeating: .nan, count: count * rows)
      for (t, trial) in trials.enumerated() {
        for record in epochs[trial.id] ?? [] where record.epoch >= 0 {
          losses[t * rows + record.epoch] = record.validationLoss
        }
      }
      arrays["loss_epochs"] = try numbers(losses, shape: [count, rows])
    } else {
      var data = [Double](repeating: .nan, count: count * kmax)
      for (t, trialSpectra) in spectra.enumerated() {
        if let last = trialSpectra.last?.1 {
          data.replaceSubrange(t * kmax..<t * kmax + last.count, with: last)
        }
      }
      arrays["spectra"] = try numbers(data, shape: [count, kmax])
    }
    return arrays
  }

  /// Writes ``arrays(_:)`` atomically as a `.npz` file.
  public static func writeNPZ(_ store: ResultStore, to url: URL) throws {
    try NPZ.write(try arrays(store), to: url)
  }

  /// One varied name's values: float64 when all are numbers or booleans, else strings.
  private static func parameter(_ values: [OptionValue?]) throws -> NPYArray {
    var numbers: [Double] = []
    for value in values {
      switch value {
      case .bool(let b): numbers.append(b ? 1 : 0)
      case .int, .double: numbers.append(value?.number ?? .nan)
      case nil: numbers.append(.nan)
      case .string:
        return .strings(NDStringArray(values.map { $0?.substitutionText ?? "" }))
      }
    }
    return .numbers(try NDArray(shape: [numbers.count], data: numbers))
  }
}
