import Foundation
import TensorIO
import Testing

@testable import Experiments

@Suite struct StoreExportTests {
  /// A store of 4 trials, the first 3 run for epochs 0...3, the last pending.
  private func withStore(perEpoch: Bool = true, _ body: (ResultStore) throws -> Void) throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let store = try ResultStore.create(
        at: directory.appendingPathComponent("s.sqlite"),
        sweep: StoreFixtures.sweep(perEpoch: perEpoch),
        trials: StoreFixtures.trials(4))
      for i in 0..<3 {
        _ = try store.claimNextPending(worker: 0)
        try StoreFixtures.run(store, trial: i)
      }
      try body(store)
    }
  }

  @Test func csvHasOneRowPerTrialAndEpoch() throws {
    try withStore { store in
      let rows = parseCSV(try StoreExport.csv(store))
      let header = rows[0]
      #expect(
        header == ["trial_id", "index", "status", "lr", "hidden", "cell", "seed"]
          + StoreExport.epochColumns)
      #expect(rows.count == 1 + 3 * 4 + 1)
      func column(_ row: [String], _ name: String) -> String {
        row[header.firstIndex(of: name)!]
      }
      for i in 0..<3 {
        for e in 0...3 {
          let row = rows[1 + 4 * i + e]
          let expected = StoreFixtures.epoch(trial: i, epoch: e)
          #expect(column(row, "trial_id") == StoreFixtures.id(i))
          #expect(column(row, "status") == "finished")
          #expect(column(row, "cell") == (i % 2 == 0 ? "lstm" : "gru, \"b\""))
          #expect(Double(column(row, "lr")) == 0.001 * Double(i + 1))
          #expect(Int(column(row, "epoch")) == e)
          #expect(Double(column(row, "validation_loss")) == expected.validationLoss)
          #expect(column(row, "train_loss") == (e == 0 ? "" : String(expected.trainLoss!)))
          #expect(Double(column(row, "max")) == expected.exponents!.filter(\.isFinite).max())
          #expect(Int(column(row, "k")) == 2 + i % 3)
          #expect(Int(column(row, "infinite_count")) == (i == 2 ? 1 : 0))
        }
      }
      let pending = rows[13]
      #expect(column(pending, "status") == "pending" && column(pending, "index") == "3")
      #expect(column(pending, "epoch").isEmpty && column(pending, "validation_loss").isEmpty)
    }
  }

  @Test func npzHoldsSummariesParametersAndPaddedSpectra() throws {
    try withStore { store in
      let arrays = try NPZ.decodeArrays(NPZ.encode(StoreExport.arrays(store)))
      #expect(arrays["trial_id"]?.strings?.data == (0..<4).map(StoreFixtures.id))
      #expect(arrays["status"]?.strings?.data == ["finished", "finished", "finished", "pending"])
      let loss = try #require(arrays["loss"]?.numbers?.data)
      #expect(
        Array(loss.prefix(3)) == (0..<3).map { StoreFixtures.validationLoss(trial: $0, epoch: 3) })
      #expect(loss[3].isNaN)
      let best = try #require(arrays["best_loss"]?.numbers?.data)
      #expect(
        Array(best.prefix(3)) == (0..<3).map { StoreFixtures.validationLoss(trial: $0, epoch: 2) })
      #expect(arrays["epochs"]?.numbers?.data == [3, 3, 3, 0])
      #expect(arrays["param_hidden"]?.numbers?.data == [8, 9, 10, 11])
      #expect(arrays["param_seed"]?.numbers?.data == [0, 1, 2, 3])
      #expect(arrays["param_cell"]?.strings?.data == ["lstm", "gru, \"b\"", "lstm", "gru, \"b\""])
      #expect(arrays["k"]?.numbers?.data == [2, 3, 4, 0])

      let spectra = try #require(arrays["spectra"]?.numbers)
      #expect(spectra.shape == [4, 4, 4])
      for t in 0..<4 {
        for e in 0...3 {
          let exponents = t < 3 ? StoreFixtures.exponents(trial: t, epoch: e) : []
          for j in 0..<4 {
            let value = spectra.data[(t * 4 + e) * 4 + j]
            if j < exponents.count {
              #expect(value == exponents[j], "trial \(t) epoch \(e) exponent \(j)")
            } else {
              #expect(value.isNaN, "trial \(t) epoch \(e) exponent \(j) is padding")
            }
          }
        }
      }
      #expect(spectra.data[(2 * 4 + 1) * 4 + 3] == -.infinity)

      // The validation loss after each epoch; the pending trial has none.
      let lossEpochs = try #require(arrays["loss_epochs"]?.numbers)
      #expect(lossEpochs.shape == [4, 4])
      for t in 0..<3 {
        #expect(
          Array(lossEpochs.data[t * 4..<t * 4 + 4])
            == (0...3).map { StoreFixtures.validationLoss(trial: t, epoch: $0) })
      }
      #expect(lossEpochs.data[12...].allSatisfy { $0.isNaN })
    }
  }

  @Test func npzKeepsTheLastSpectrumWithoutPerEpochSpectra() throws {
    try withStore(perEpoch: false) { store in
      let spectra = try #require(StoreExport.arrays(store)["spectra"]?.numbers)
      #expect(spectra.shape == [4, 4])
      #expect(try StoreExport.arrays(store)["loss_epochs"] == nil)
      for t in 0..<4 {
        let last = t < 3 ? StoreFixtures.exponents(trial: t, epoch: 3) : []
        let row = Array(spectra.data[t * 4..<t * 4 + 4])
        #expect(Array(row.prefix(last.count)) == last)
        #expect(row.dropFirst(last.count).allSatisfy { $0.isNaN })
      }
    }
  }

  @Test func writesFiles() throws {
    try withStore { store in
      let directory = store.url.deletingLastPathComponent()
      let npz = directory.appendingPathComponent("s.npz")
      let csv = directory.appendingPathComponent("s.csv")
      try StoreExport.writeNPZ(store, to: npz)
      try StoreExport.writeCSV(store, to: csv)
      let read = try NPZ.readArrays(npz)
      let made = try StoreExport.arrays(store)
      #expect(Set(read.keys) == Set(made.keys))
      #expect(read["trial_id"] == made["trial_id"] && read["param_lr"] == made["param_lr"])
      #expect(parseCSV(try String(contentsOf: csv, encoding: .utf8)).count == 14)
      let nowhere = directory.appendingPathComponent("missing/s.csv")
      let error = #expect(throws: ResultStoreError.self) {
        try StoreExport.writeCSV(store, to: nowhere)
      }
      #expect(error?.description.contains("missing/s.csv") == true)
    }
  }
}

/// Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
private func parseCSV(_ text: String) -> [[String]] {
  var rows: [[String]] = []
  var row: [String] = []
  var field = ""
  var quoted = false
  var characters = Array(text)[...]
  while let c = characters.popFirst() {
    if quoted {
      if c == "\"" {
        if characters.first == "\"" {
          field.append("\"")
          characters.removeFirst()
        } else {
          quoted = false
        }
      } else {
        field.append(c)
      }
    } else if c == "\"" {
      quoted = true
    } else if c == "," {
      row.append(field)
      field = ""
    } else if c == "\n" {
      row.append(field)
      rows.append(row)
      (row, field) = ([], "")
    } else {
      field.append(c)
    }
  }
  return rows
}
