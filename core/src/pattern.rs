//! IAM wildcard patterns: `*` matches any run of characters (including none), `?` exactly one.
//! Patterns may also hold policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'x'}`)
//! and the escapes `${*}`, `${?}`, `${$}`.
//!
//! A pattern is compiled once into a shape (globset's idea): any, exact, prefix, suffix, or
//! general. General matching anchors the first and last star-free segments and finds each middle
//! segment at its leftmost position, which is correct for `*`/`?` globs and never backtracks:
//! time is O(text × longest segment), so `*a*a*a…*b` stays linear in the text.
//! Substituted variable text is always literal (the reference, open question 21: the safe choice).

/// A policy variable reference; the key is lowercased (condition keys are case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variable {
    /// The key, lowercased.
    pub key: Box<str>,
    /// The value used when the key is absent (`${key, 'default'}`).
    pub default: Option<Box<str>>,
}

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Literal text.
    Lit(Box<str>),
    /// `?`: any one character.
    AnyChar,
    /// `*`: any run of characters, empty included.
    Star,
    /// A policy variable, replaced by the request's value (as literal text).
    Var(Variable),
}

/// What the pattern syntax of a value allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// `*` and `?` are wildcards (else literal characters).
    pub wildcards: bool,
    /// `${…}` are policy variables (policy version 2012-10-17 only).
    pub variables: bool,
}

/// Where variables get their values (the request context).
pub trait VarSource {
    /// The single value of a key (lowercased name), or `None` when absent or multi-valued.
    fn var(&self, key_lower: &str) -> Option<&str>;
}

/// A source with no values: every variable is unresolved.
pub struct NoVars;

impl VarSource for NoVars {
    fn var(&self, _: &str) -> Option<&str> {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Shape {
    Any,
    Exact(Box<str>),
    Prefix(Box<str>),
    Suffix(Box<str>),
    General(Box<[Piece]>),
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    shape: Shape,
    has_vars: bool,
}

/// A piece with variables resolved.
#[derive(Clone, Copy)]
enum Tok<'a> {
    Lit(&'a str),
    AnyChar,
    Star,
}

impl Pattern {
    /// Compiles `text` with the given syntax. Unterminated `${` is read literally.
    pub fn compile(text: &str, syntax: Syntax) -> Pattern {
        // Fast paths for the common shapes, without tokenizing.
        // A byte scan: `str::contains` with a closure walks chars and costs several times more on
        // the short texts of policies, and every action, resource and condition value comes here.
        let special = |b: u8| {
            (syntax.wildcards && (b == b'*' || b == b'?')) || (syntax.variables && b == b'$')
        };
        let is_plain = |t: &str| !t.bytes().any(special);
        if text == "*" && syntax.wildcards {
            return Pattern {
                shape: Shape::Any,
                has_vars: false,
            };
        }
        if is_plain(text) {
            return Pattern::exact(text);
        }
        if syntax.wildcards {
            if let Some(head) = text.strip_suffix('*').filter(|h| is_plain(h)) {
                return Pattern {
                    shape: Shape::Prefix(head.into()),
                    has_vars: false,
                };
            }
            if let Some(tail) = text.strip_prefix('*').filter(|t| is_plain(t)) {
                return Pattern {
                    shape: Shape::Suffix(tail.into()),
                    has_vars: false,
                };
            }
        }
        let pieces = tokenize(text, syntax);
        let has_vars = pieces.iter().any(|p| matches!(p, Piece::Var(_)));
        let shape = if has_vars {
            Shape::General(pieces.into_boxed_slice())
        } else {
            match pieces.as_slice() {
                [Piece::Star] => Shape::Any,
                [] => Shape::Exact("".into()),
                [Piece::Lit(l)] => Shape::Exact(l.clone()),
                [Piece::Lit(l), Piece::Star] => Shape::Prefix(l.clone()),
                [Piece::Star, Piece::Lit(l)] => Shape::Suffix(l.clone()),
                _ => Shape::General(pieces.into_boxed_slice()),
            }
        };
        Pattern { shape, has_vars }
    }

    /// A pattern that matches exactly `text`.
    pub fn exact(text: &str) -> Pattern {
        Pattern {
            shape: Shape::Exact(text.into()),
            has_vars: false,
        }
    }

    /// Whether the pattern reads a policy variable.
    pub fn has_variables(&self) -> bool {
        self.has_vars
    }

    /// The (lowercased) keys of the policy variables the pattern reads.
    pub fn variable_keys(&self) -> impl Iterator<Item = &str> {
        let pieces: &[Piece] = match &self.shape {
            Shape::General(pieces) => pieces,
            _ => &[],
        };
        pieces.iter().filter_map(|p| match p {
            Piece::Var(v) => Some(&*v.key),
            _ => None,
        })
    }

    /// Whether the pattern matches everything.
    pub fn is_any(&self) -> bool {
        matches!(self.shape, Shape::Any)
    }

    /// A text this pattern matches that reads like the pattern itself (`*` and `?` kept: each
    /// matches itself), for stating a condition as a value; `None` with variables.
    pub fn sample(&self) -> Option<String> {
        if self.has_vars {
            return None;
        }
        Some(match &self.shape {
            Shape::Any => "*".to_owned(),
            Shape::Exact(s) => s.to_string(),
            Shape::Prefix(p) => format!("{p}*"),
            Shape::Suffix(s) => format!("*{s}"),
            Shape::General(pieces) => {
                let mut out = String::new();
                for piece in pieces.iter() {
                    match piece {
                        Piece::Lit(t) => out.push_str(t),
                        Piece::AnyChar => out.push('?'),
                        Piece::Star => out.push('*'),
                        Piece::Var(_) => return None,
                    }
                }
                out
            }
        })
    }

    /// The literal text when the pattern has no wildcard and no variable.
    pub fn as_literal(&self) -> Option<&str> {
        match &self.shape {
            Shape::Exact(s) => Some(s),
            _ => None,
        }
    }

    /// Matches `text`, resolving variables from `vars`. An unresolved variable (no value, no
    /// default) makes the pattern match nothing.
    pub fn matches(&self, text: &str, vars: &dyn VarSource) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Exact(s) => text == &**s,
            Shape::Prefix(p) => text.starts_with(&**p),
            Shape::Suffix(s) => text.ends_with(&**s),
            Shape::General(pieces) => {
                if self.has_vars {
                    let toks: Option<SmallToks> = pieces
                        .iter()
                        .map(|piece| match piece {
                            Piece::Lit(l) => Some(Tok::Lit(l)),
                            Piece::AnyChar => Some(Tok::AnyChar),
                            Piece::Star => Some(Tok::Star),
                            Piece::Var(v) => {
                                vars.var(&v.key).or(v.default.as_deref()).map(Tok::Lit)
                            }
                        })
                        .collect();
                    // An unresolved variable makes the pattern match nothing.
                    toks.is_some_and(|t| glob(t.as_slice(), text))
                } else {
                    let toks: SmallToks = pieces
                        .iter()
                        .map(|p| match p {
                            Piece::Lit(l) => Tok::Lit(l),
                            Piece::AnyChar => Tok::AnyChar,
                            // INVARIANT: no variables in this branch.
                            Piece::Star | Piece::Var(_) => Tok::Star,
                        })
                        .collect();
                    glob(toks.as_slice(), text)
                }
            }
        }
    }

    /// Resolves the pattern's text when it has no wildcards (for equality operators with
    /// variables): the literal, or `None` when a variable is unresolved.
    pub fn resolve_literal<'a>(
        &'a self,
        vars: &'a dyn VarSource,
    ) -> Option<std::borrow::Cow<'a, str>> {
        match &self.shape {
            Shape::Exact(s) => Some(std::borrow::Cow::Borrowed(s)),
            Shape::General(pieces) => {
                let mut out = String::new();
                for piece in pieces.iter() {
                    match piece {
                        Piece::Lit(l) => out.push_str(l),
                        Piece::Var(v) => out.push_str(vars.var(&v.key).or(v.default.as_deref())?),
                        Piece::AnyChar => out.push('?'),
                        Piece::Star => out.push('*'),
                    }
                }
                Some(std::borrow::Cow::Owned(out))
            }
            Shape::Any => Some(std::borrow::Cow::Borrowed("*")),
            Shape::Prefix(p) => Some(std::borrow::Cow::Owned(format!("{p}*"))),
            Shape::Suffix(s) => Some(std::borrow::Cow::Owned(format!("*{s}"))),
        }
    }
}

/// A small inline buffer of tokens, so matching a variable-free general pattern never allocates
/// for patterns of up to 16 pieces.
struct SmallToks<'a> {
    inline: [Tok<'a>; 16],
    len: usize,
    heap: Vec<Tok<'a>>,
}

impl<'a> FromIterator<Tok<'a>> for SmallToks<'a> {
    fn from_iter<I: IntoIterator<Item = Tok<'a>>>(iter: I) -> Self {
        let mut s = SmallToks {
            inline: [Tok::Star; 16],
            len: 0,
            heap: Vec::new(),
        };
        for tok in iter {
            if s.heap.is_empty() {
                if let Some(slot) = s.inline.get_mut(s.len) {
                    *slot = tok;
                    s.len += 1;
                    continue;
                }
                s.heap.extend(s.inline.iter().copied());
            }
            s.heap.push(tok);
        }
        s
    }
}

impl<'a> SmallToks<'a> {
    fn as_slice(&self) -> &[Tok<'a>] {
        if self.heap.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.heap
        }
    }
}

/// Whether `text` contains `${`, the start of a policy variable. A byte scan: on the short texts
/// of policies it costs far less than `str::contains` with a string needle.
pub(crate) fn has_variable_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .any(|(&a, &b)| a == b'$' && b == b'{')
}

/// Whether `text` contains an IAM wildcard (`*` or `?`).
pub(crate) fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

fn tokenize(text: &str, syntax: Syntax) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    let flush = |lit: &mut String, pieces: &mut Vec<Piece>| {
        if !lit.is_empty() {
            pieces.push(Piece::Lit(std::mem::take(lit).into_boxed_str()));
        }
    };
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if syntax.variables && rest.starts_with("${") {
            if let Some(end) = rest.find('}') {
                let inner = rest.get(2..end).unwrap_or_default();
                rest = rest.get(end + 1..).unwrap_or_default();
                match inner {
                    "*" | "?" | "$" => lit.push_str(inner),
                    _ => {
                        flush(&mut lit, &mut pieces);
                        pieces.push(Piece::Var(parse_variable(inner)));
                    }
                }
                continue;
            }
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
        match c {
            '*' if syntax.wildcards => {
                flush(&mut lit, &mut pieces);
                // Consecutive stars are one star.
                if pieces.last() != Some(&Piece::Star) {
                    pieces.push(Piece::Star);
                }
            }
            '?' if syntax.wildcards => {
                flush(&mut lit, &mut pieces);
                pieces.push(Piece::AnyChar);
            }
            _ => lit.push(c),
        }
    }
    flush(&mut lit, &mut pieces);
    pieces
}

/// `key` or `key, 'default'` (the default in single quotes).
fn parse_variable(inner: &str) -> Variable {
    let (key, default) = match inner.split_once(',') {
        Some((k, d)) => {
            let d = d.trim();
            let d = d
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .unwrap_or(d);
            (k.trim(), Some(d.into()))
        }
        None => (inner.trim(), None),
    };
    Variable {
        key: key.to_ascii_lowercase().into_boxed_str(),
        default,
    }
}

/// Whether `text` at byte `pos` starts with the star-free chunk; returns the end position.
fn match_chunk_at(chunk: &[Tok], text: &str, mut pos: usize) -> Option<usize> {
    for tok in chunk {
        match tok {
            Tok::Lit(l) => {
                if !text.get(pos..)?.starts_with(l) {
                    return None;
                }
                pos += l.len();
            }
            Tok::AnyChar => pos += text.get(pos..)?.chars().next()?.len_utf8(),
            Tok::Star => return None,
        }
    }
    Some(pos)
}

/// The number of characters a star-free chunk consumes.
fn chunk_chars(chunk: &[Tok]) -> usize {
    chunk
        .iter()
        .map(|t| match t {
            Tok::Lit(l) => l.chars().count(),
            _ => 1,
        })
        .sum()
}

fn glob(toks: &[Tok], text: &str) -> bool {
    let mut segments = toks.split(|t| matches!(t, Tok::Star));
    let first = segments.next().unwrap_or(&[]);
    let star_count = toks.iter().filter(|t| matches!(t, Tok::Star)).count();
    if star_count == 0 {
        return match_chunk_at(first, text, 0) == Some(text.len());
    }
    let Some(mut pos) = match_chunk_at(first, text, 0) else {
        return false;
    };
    // The last segment is anchored at the end: find where it must start.
    let middle: Vec<&[Tok]> = segments.collect();
    let (last, middle) = match middle.split_last() {
        Some((last, middle)) => (*last, middle),
        None => (&[][..], &[][..]),
    };
    let last_chars = chunk_chars(last);
    let Some(last_start) = nth_char_from_end(text, last_chars) else {
        return false;
    };
    if last_start < pos {
        return false;
    }
    for chunk in middle {
        if chunk.is_empty() {
            continue;
        }
        let Some(end) = find_chunk(chunk, text, pos, last_start) else {
            return false;
        };
        pos = end;
    }
    match_chunk_at(last, text, last_start) == Some(text.len())
}

/// The byte offset where the last `n` characters of `text` begin.
fn nth_char_from_end(text: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(text.len());
    }
    text.char_indices().rev().nth(n - 1).map(|(i, _)| i)
}

/// The leftmost match of a star-free chunk starting at or after `from` and ending by `limit`;
/// returns its end.
fn find_chunk(chunk: &[Tok], text: &str, from: usize, limit: usize) -> Option<usize> {
    let window = text.get(..limit)?;
    match chunk.first() {
        Some(Tok::Lit(head)) => {
            let mut start = from;
            while let Some(offset) = window.get(start..)?.find(head) {
                let at = start + offset;
                if let Some(end) = match_chunk_at(chunk, window, at) {
                    return Some(end);
                }
                start = at + window.get(at..)?.chars().next()?.len_utf8();
            }
            None
        }
        _ => {
            let mut start = from;
            loop {
                if let Some(end) = match_chunk_at(chunk, window, start) {
                    return Some(end);
                }
                start += window.get(start..)?.chars().next()?.len_utf8();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GLOB: Syntax = Syntax {
        wildcards: true,
        variables: false,
    };
    const ALL: Syntax = Syntax {
        wildcards: true,
        variables: true,
    };

    fn m(p: &str, t: &str) -> bool {
        Pattern::compile(p, GLOB).matches(t, &NoVars)
    }

    struct Vars;
    impl VarSource for Vars {
        fn var(&self, key: &str) -> Option<&str> {
            match key {
                "aws:username" => Some("alice"),
                "aws:principaltag/team" => Some("r*d"),
                _ => None,
            }
        }
    }

    #[test]
    fn shapes() {
        assert!(m("*", ""));
        assert!(m("s3:get*", "s3:getobject"));
        assert!(!m("s3:get*", "s3:putobject"));
        assert!(m("*object", "s3:getobject"));
        assert!(m("s3:?et*", "s3:getobject"));
        assert!(m("a*b*c", "abc"));
        assert!(m("a*b*c", "aXXbYYc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(m("a?", "aé"));
        assert!(!m("a?", "a"));
        assert!(m("*a*a*a*b", &("a".repeat(20) + "b")));
        assert!(!m("*a*a*a*b", &"a".repeat(20)));
        assert!(!m("ab*ba", "aba"));
        assert!(m("ab*ba", "abba"));
        assert!(m("[x]{y}\\", "[x]{y}\\"));
    }

    #[test]
    fn variables() {
        let p = Pattern::compile("arn:aws:s3:::home/${aws:username}/*", ALL);
        assert!(p.matches("arn:aws:s3:::home/alice/x", &Vars));
        assert!(!p.matches("arn:aws:s3:::home/bob/x", &Vars));
        assert!(!p.matches("arn:aws:s3:::home/alice/x", &NoVars));
        // Substituted text is literal: `r*d` does not act as a wildcard.
        let t = Pattern::compile("${aws:PrincipalTag/team}", ALL);
        assert!(t.matches("r*d", &Vars));
        assert!(!t.matches("red", &Vars));
        let d = Pattern::compile("${aws:PrincipalTag/missing, 'none'}", ALL);
        assert!(d.matches("none", &Vars));
        let e = Pattern::compile("a${*}b${?}${$}", ALL);
        assert!(e.matches("a*b?$", &NoVars));
        assert!(!e.matches("axb?$", &NoVars));
        // Without variable syntax, `${...}` is literal.
        assert!(Pattern::compile("${aws:username}", GLOB).matches("${aws:username}", &Vars));
    }

    /// A simple exponential reference matcher.
    fn reference(p: &[char], t: &[char]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some('*'), _) => reference(&p[1..], t) || (!t.is_empty() && reference(p, &t[1..])),
            (Some('?'), Some(_)) => reference(&p[1..], &t[1..]),
            (Some(c), Some(d)) => c == d && reference(&p[1..], &t[1..]),
            (Some(_), None) => false,
        }
    }

    proptest! {
        #[test]
        fn agrees_with_reference(p in "[ab*?]{0,8}", t in "[ab]{0,10}") {
            let pc: Vec<char> = p.chars().collect();
            let tc: Vec<char> = t.chars().collect();
            prop_assert_eq!(m(&p, &t), reference(&pc, &tc), "pattern {} text {}", p, t);
        }

        #[test]
        fn generated_text_matches_its_pattern(p in "[a-c:/*?]{0,12}", fill in "[a-z:/]{0,4}") {
            // Build a text from the pattern by replacing each wildcard: it must match.
            let text: String = p.chars().map(|c| match c { '*' => fill.clone(), '?' => "x".into(), c => c.to_string() }).collect();
            prop_assert!(m(&p, &text));
        }
    }

    /// The shape the tokenizer alone gives (what the fast paths of `compile` must agree with).
    fn tokenized(text: &str, syntax: Syntax) -> Pattern {
        let pieces = tokenize(text, syntax);
        let has_vars = pieces.iter().any(|p| matches!(p, Piece::Var(_)));
        let shape = match pieces.as_slice() {
            _ if has_vars => Shape::General(pieces.clone().into_boxed_slice()),
            [Piece::Star] => Shape::Any,
            [] => Shape::Exact("".into()),
            [Piece::Lit(l)] => Shape::Exact(l.clone()),
            [Piece::Lit(l), Piece::Star] => Shape::Prefix(l.clone()),
            [Piece::Star, Piece::Lit(l)] => Shape::Suffix(l.clone()),
            _ => Shape::General(pieces.clone().into_boxed_slice()),
        };
        Pattern { shape, has_vars }
    }

    const SYNTAXES: [Syntax; 4] = [
        GLOB,
        ALL,
        Syntax {
            wildcards: false,
            variables: true,
        },
        Syntax {
            wildcards: false,
            variables: false,
        },
    ];

    #[test]
    fn fast_paths_agree_with_the_tokenizer() {
        let cases = [
            "",
            "*",
            "**",
            "abc",
            "abc*",
            "abc**",
            "*abc",
            "**abc",
            "*abc*",
            "a*c",
            "a?c",
            "?",
            "${x}",
            "a${x}*",
            "*${x}",
            "${*}",
            "a${?}*",
            "$",
            "a$*",
            "${",
            "*${",
            "${x*",
            "é*",
            "*é",
            "arn:aws:s3:::bucket/*",
            "a}*",
        ];
        for text in cases {
            for syntax in SYNTAXES {
                assert_eq!(
                    Pattern::compile(text, syntax),
                    tokenized(text, syntax),
                    "{text:?} {syntax:?}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn compile_agrees_with_the_tokenizer(p in "[ab*?${}]{0,8}", s in 0usize..4) {
            let syntax = SYNTAXES[s];
            prop_assert_eq!(Pattern::compile(&p, syntax), tokenized(&p, syntax));
        }
    }

    #[test]
    fn scans() {
        assert!(has_variable_start("a${b}"));
        assert!(has_variable_start("${"));
        assert!(!has_variable_start("$ {"));
        assert!(!has_variable_start("{$"));
        assert!(!has_variable_start("$"));
        assert!(has_wildcard("a?"));
        assert!(has_wildcard("*"));
        assert!(!has_wildcard("abc"));
    }

    #[test]
    fn long_hostile_pattern_is_fast() {
        let pattern = "*a".repeat(5_000) + "*b";
        let text = "a".repeat(100_000);
        let start = std::time::Instant::now();
        assert!(!m(&pattern, &text));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
