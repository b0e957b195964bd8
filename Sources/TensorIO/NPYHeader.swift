/// The dictionary at the start of a `.npy` file: dtype, memory order and shape.
///
/// Parsing accepts anything NumPy's `ast.literal_eval` would for the supported dtypes;
/// rendering produces exactly the bytes `np.save` writes, so files compare equal byte for byte.
struct NPYHeader: Equatable {
  /// The dtype string, e.g. `<f8`.
  var descr: String
  var fortranOrder: Bool
  var shape: [Int]

  /// Parses the header text (between the length field and the data).
  static func parse(_ bytes: [UInt8], utf8: Bool, source: String) throws -> NPYHeader {
    func malformed(_ detail: String) -> TensorIOError {
      .malformedHeader(source: source, format: .npy, detail: detail)
    }
    let literal: PythonLiteral
    do {
      literal = try PythonLiteral.parse(bytes, utf8: utf8)
    } catch {
      throw malformed(error.message)
    }
    guard case .dict = literal else {
      throw malformed("expected a dictionary, found \(literal.text)")
    }
    guard let descrValue = literal["descr"] else { throw malformed("the key 'descr' is missing") }
    guard let orderValue = literal["fortran_order"] else {
      throw malformed("the key 'fortran_order' is missing")
    }
    guard let shapeValue = literal["shape"] else { throw malformed("the key 'shape' is missing") }

    guard case .string(let descr) = descrValue else {
      // A list of fields is a structured dtype; anything else is nonsense.
      if case .list = descrValue {
        throw TensorIOError.unsupportedDType(
          source: source, format: .npy, tensor: nil, dtype: "structured \(descrValue.text)")
      }
      throw malformed("'descr' must be a string, found \(descrValue.text)")
    }
    guard case .boolean(let fortranOrder) = orderValue else {
      throw malformed("'fortran_order' must be True or False, found \(orderValue.text)")
    }
    let items: [PythonLiteral]
    switch shapeValue {
    case .tuple(let values), .list(let values): items = values
    default: throw malformed("'shape' must be a tuple of integers, found \(shapeValue.text)")
    }
    var shape: [Int] = []
    for item in items {
      guard case .integer(let dimension) = item else {
        throw malformed("'shape' must be a tuple of integers, found \(shapeValue.text)")
      }
      shape.append(dimension)
    }
    return NPYHeader(descr: descr, fortranOrder: fortranOrder, shape: shape)
  }

  /// The stored element type named by `descr`.
  ///
  /// Little-endian (`<`, or `=` native on the little-endian machines Swift runs on) float32,
  /// float64 and integers of 1 to 8 bytes are accepted; `|` only for 1-byte types.
  func element(source: String) throws -> StoredElement {
    let unsupported = TensorIOError.unsupportedDType(
      source: source, format: .npy, tensor: nil, dtype: descr)
    let characters = Array(descr)
    guard characters.count >= 2, let size = Int(String(characters[2...])) else { throw unsupported }
    let order = characters[0]
    let element: StoredElement
    switch (characters[1], size) {
    case ("f", 4): element = .float32
    case ("f", 8): element = .float64
    case ("i", 1): element = .int8
    case ("i", 2): element = .int16
    case ("i", 4): element = .int32
    case ("i", 8): element = .int64
    case ("u", 1): element = .uint8
    case ("u", 2): element = .uint16
    case ("u", 4): element = .uint32
    case ("u", 8): element = .uint64
    default: throw unsupported
    }
    switch order {
    case "<", "=": return element
    case "|" where size == 1: return element
    case ">" where size == 1: return element
    case ">": throw TensorIOError.bigEndian(source: source, dtype: descr)
    default: throw unsupported
    }
  }

  /// The width `n` of a unicode dtype `<U{n}` (`=U{n}`), or `nil` for any other dtype.
  ///
  /// - Throws: ``TensorIOError/bigEndian(source:dtype:)`` for `>U{n}`,
  ///   ``TensorIOError/unsupportedDType(source:format:tensor:dtype:)`` for a malformed width.
  func unicodeWidth(source: String) throws -> Int? {
    let characters = Array(descr)
    guard characters.count >= 2, characters[1] == "U" else { return nil }
    guard let width = Int(String(characters[2...])), width >= 0,
      "<=>|".contains(characters[0])
    else {
      throw TensorIOError.unsupportedDType(source: source, format: .npy, tensor: nil, dtype: descr)
    }
    if characters[0] == ">" { throw TensorIOError.bigEndian(source: source, dtype: descr) }
    return width
  }

  /// The dictionary as NumPy writes it: keys sorted, Python `repr` values, a trailing
  /// `", }"`, then the spare spaces recent NumPy versions add so the first dimension can
  /// grow in place.
  var dictionaryText: String {
    let order = fortranOrder ? "True" : "False"
    let shapeText: String
    switch shape.count {
    case 0: shapeText = "()"
    case 1: shapeText = "(\(shape[0]),)"
    default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
    var text = "{'descr': '\(descr)', 'fortran_order': \(order), 'shape': \(shapeText), }"
    if let growing = fortranOrder ? shape.last : shape.first {
      text += String(repeating: " ", count: max(0, 21 - String(growing).count))
    }
    return text
  }

  /// The complete prefix of a `.npy` file: magic, version, length, padded dictionary and
  /// newline, a multiple of 64 bytes long. Version 1.0 when the header fits its 16-bit
  /// length field, else 2.0.
  ///
  /// - Throws: ``TensorIOError/invalidShape(source:shape:)`` if the header exceeds 4 GiB
  ///   (a shape with hundreds of millions of dimensions).
  func encoded() throws -> [UInt8] {
    let dictionary = Array(dictionaryText.utf8)
    for (major, lengthBytes) in [(UInt8(1), 2), (UInt8(2), 4)] {
      let unpadded = NPY.magic.count + 2 + lengthBytes + dictionary.count + 1
      let padding = 64 - unpadded % 64
      let headerLength = dictionary.count + padding + 1
      let limit = lengthBytes == 2 ? Int(UInt16.max) : Int(UInt32.max)
      if headerLength > limit { continue }
      var bytes = NPY.magic + [major, 0]
      bytes.reserveCapacity(unpadded + padding)
      if lengthBytes == 2 {
        bytes.appendLittleEndian(UInt16(headerLength))
      } else {
        bytes.appendLittleEndian(UInt32(headerLength))
      }
      bytes += dictionary
      bytes += repeatElement(UInt8(ascii: " "), count: padding)
      bytes.append(UInt8(ascii: "\n"))
      return bytes
    }
    throw TensorIOError.invalidShape(source: "the array to write", shape: Array(shape.prefix(16)))
  }
}
