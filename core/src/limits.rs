//! How much input iamsim accepts: safe defaults, configurable by embedders and on the command
//! line. Every limit, when exceeded, is a located error with its own code — never a silent
//! truncation.

/// The bounds on one input (a policy, a scenario, a model) and on the searches over a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one JSON text (a policy file, a scenario line, a model). Error `input-too-large`.
    pub input_bytes: usize,
    /// Nesting of JSON arrays and objects. Error `json-too-deep`.
    pub json_depth: usize,
    /// Statements in one policy document. Error `too-many-statements`.
    pub statements: usize,
    /// Role hops in one chain of assumptions (paths, who-can, access tests). Requests for deeper
    /// searches are cut to this bound (and the result reports the bound used).
    pub path_depth: usize,
}

impl Limits {
    /// The largest policy AWS accepts is a KMS key policy of 32 KB; its shortest statement is
    /// about 45 characters, so no document that AWS accepts has more than ~730 statements.
    /// 10,000 leaves room for generated test inputs while bounding the work per document.
    pub const DEFAULT_STATEMENTS: usize = 10_000;

    /// The JSON reader's limits.
    pub fn json(&self) -> crate::json::Limits {
        crate::json::Limits {
            max_bytes: self.input_bytes,
            max_depth: self.json_depth,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        let json = crate::json::Limits::default();
        Limits {
            input_bytes: json.max_bytes,
            json_depth: json.max_depth,
            statements: Limits::DEFAULT_STATEMENTS,
            // AWS caps a role chain's session at one hour and nothing else; ten hops is more
            // than any organization's design and keeps the search over 50,000 roles bounded.
            path_depth: 10,
        }
    }
}
