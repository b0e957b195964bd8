/// The closest of `candidates` to a misspelled `name`, when one is within Levenshtein
/// distance 2 (insertions, deletions and substitutions of characters each count 1), or 1
/// for names under six characters (so that `p` does not suggest `lr`); ties go to the
/// alphabetically first candidate.
func closestName(to name: String, among candidates: some Sequence<String>) -> String? {
  let limit = name.count < 6 ? 1 : 2
  var best: (distance: Int, name: String)?
  for candidate in candidates.sorted() {
    let d = editDistance(Array(name), Array(candidate))
    if d <= limit, d < (best?.distance ?? Int.max) { best = (d, candidate) }
  }
  return best?.name
}

/// The Levenshtein distance between two character arrays (one row of the dynamic
/// programme kept at a time).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
