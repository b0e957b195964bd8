/// The git commit `lyap` was built from: written here by `make build` (scripts/stamp-commit.sh)
/// for the build and put back to nil afterwards, so a plain `swift build`, or a build from a
/// copy without git, reports none.
let buildCommit: String? = nil
