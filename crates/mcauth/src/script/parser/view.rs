//! What `create view` reads from its query. This is a heuristic, not an SQL parser.
//!
//! **Base tables** ([`base_tables`]): every word or backticked name right after a `from` or
//! `join` keyword (case-insensitive), as written (so `prj.t` stays qualified). A parenthesised
//! subquery after the keyword is skipped: it contributes its own `from`/`join`. A
//! comma-separated `from` list is followed too: after a table or subquery and an optional alias
//! (`t a` or `t as a`), a `,` makes the next item a table as well, so
//! `from t1 a, (select ...) b, t3` yields `t1`, the subquery's tables and `t3`, in the order written. Words that are not
//! table names but follow `from` (as in `extract(year from d)`) are reported too.
//!
//! **Select columns** ([`select_columns`]): the select list runs from the first `select` to the
//! first `from` outside parentheses (or to the end). A leading `distinct` or `all` is skipped.
//! The list is split at commas outside parentheses. Each item is named by the word after its
//! last `as` outside parentheses if there is one, else by its last token when that is a word or
//! backticked name, with any `table.` qualifier stripped (`o.amount` -> `amount`), else
//! `_c<i>` (`i` the 0-based item index), as Hive names unnamed expressions. The result is
//! `None` when any item is `*` or `t.*`, and when the query has no `select` at all: the output
//! columns are then unknown.

use crate::script::lexer::{Token, TokenKind};

/// Words that end a `from` item instead of naming its alias.
const CLAUSE_WORDS: &[&str] = &[
    "where",
    "group",
    "order",
    "having",
    "limit",
    "join",
    "left",
    "right",
    "inner",
    "outer",
    "full",
    "cross",
    "on",
    "using",
    "union",
    "intersect",
    "except",
    "minus",
    "lateral",
    "distribute",
    "sort",
    "cluster",
    "window",
    "semi",
    "anti",
    "natural",
    "select",
    "from",
    "as",
];

fn is_alias(token: Option<&Token<'_>>) -> bool {
    token.is_some_and(|t| t.is_name() && !CLAUSE_WORDS.iter().any(|w| t.is_keyword(w)))
}

/// The index of the `)` matching the `(` at `open` (or the last index when it is missing).
fn closing_parenthesis(query: &[Token<'_>], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in query.iter().enumerate().skip(open) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return i;
            }
        }
    }
    query.len()
}

/// The tokens naming base tables in `query` (the tokens after `as`).
pub(super) fn base_tables<'t, 'a>(query: &'t [Token<'a>]) -> Vec<&'t Token<'a>> {
    let mut tables = Vec::new();
    for (i, token) in query.iter().enumerate() {
        if !(token.is_keyword("from") || token.is_keyword("join")) {
            continue;
        }
        let mut j = i + 1;
        loop {
            match query.get(j) {
                Some(t) if t.is_name() => tables.push(t),
                Some(t) if t.is_punct('(') => j = closing_parenthesis(query, j),
                _ => break,
            }
            j += 1;
            if query.get(j).is_some_and(|t| t.is_keyword("as")) {
                j += 1;
            }
            if is_alias(query.get(j)) {
                j += 1;
            }
            if !query.get(j).is_some_and(|t| t.is_punct(',')) {
                break;
            }
            j += 1;
        }
    }
    tables.sort_by_key(|t| t.start);
    tables.dedup_by_key(|t| t.start);
    tables
}

/// The output column names of the select list of `query`, `None` when unknown (`*`).
pub(super) fn select_columns(query: &[Token<'_>]) -> Option<Vec<String>> {
    let start = query.iter().position(|t| t.is_keyword("select"))?;
    // Each item is a list of (token, parenthesis depth).
    let mut items: Vec<Vec<(&Token<'_>, usize)>> = vec![Vec::new()];
    let mut depth = 0usize;
    for token in query.iter().skip(start + 1) {
        if depth == 0 && token.is_keyword("from") {
            break;
        }
        if depth == 0 && token.is_punct(',') {
            items.push(Vec::new());
            continue;
        }
        if token.is_punct(')') {
            depth = depth.saturating_sub(1);
        }
        if let Some(item) = items.last_mut() {
            item.push((token, depth));
        }
        if token.is_punct('(') {
            depth += 1;
        }
    }
    if let Some(first) = items.first_mut() {
        let quantifier = first
            .first()
            .is_some_and(|(t, _)| t.is_keyword("distinct") || t.is_keyword("all"));
        if quantifier && first.len() > 1 {
            first.remove(0);
        }
    }
    let mut names = Vec::new();
    for (i, item) in items.iter().filter(|item| !item.is_empty()).enumerate() {
        if let [(t, _)] = item.as_slice() {
            if t.is_name() && (t.text == "*" || t.text.ends_with(".*")) {
                return None;
            }
        }
        let alias = item
            .iter()
            .rposition(|(t, d)| *d == 0 && t.is_keyword("as"))
            .and_then(|p| item.get(p + 1))
            .filter(|(t, _)| t.is_name());
        let name = match alias.or_else(|| item.last().filter(|(t, _)| t.is_name())) {
            Some((t, _)) if t.kind == TokenKind::Backticked => t.text.to_string(),
            Some((t, _)) => t.text.rsplit('.').next().unwrap_or(t.text).to_string(),
            None => format!("_c{i}"),
        };
        names.push(name);
    }
    Some(names)
}
