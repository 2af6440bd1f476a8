//! Object statements: `create table|view|function`, `add jar|file|py|archive`, `drop ...`.

use super::cursor::{describe, shorten, Cursor};
use super::view;
use crate::error::LoadError;
use crate::script::lexer::TokenKind;
use crate::script::statement::{ColumnDef, DropTarget, ResourceKindWord, Spanned, StatementKind};

/// `[if not exists]`.
fn if_not_exists(c: &mut Cursor<'_, '_>) -> Result<bool, LoadError> {
    if c.eat_keyword("if") {
        c.expect_keyword("not")?;
        c.expect_keyword("exists")?;
        Ok(true)
    } else {
        Ok(false)
    }
}

/// Fail if `name` repeats one of `seen` (case-insensitively); remember it otherwise.
fn check_duplicate(name: &Spanned<String>, seen: &mut Vec<String>) -> Result<(), LoadError> {
    let key = name.value.to_lowercase();
    if seen.contains(&key) {
        return Err(LoadError::syntax(
            &name.source,
            format!("duplicate column `{}`", shorten(&name.value)),
        ));
    }
    seen.push(key);
    Ok(())
}

/// An optional `comment '<text>'`; `what` names the comment in errors.
fn optional_comment(c: &mut Cursor<'_, '_>, what: &str) -> Result<(), LoadError> {
    if c.eat_keyword("comment") {
        c.expect_string(what)?;
    }
    Ok(())
}

/// `create table [if not exists] <t> (<cols>) [comment '<s>'] [partitioned by (<cols>)]
/// [lifecycle <n>]`, after `table`.
pub(super) fn create_table(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let if_not_exists = if_not_exists(c)?;
    let name = c.expect_word("a table name")?;
    let mut seen = Vec::new();
    c.expect_punct('(')?;
    let columns = column_defs(c, &mut seen)?;
    optional_comment(c, "a quoted table comment")?;
    let partition_columns = if c.eat_keyword("partitioned") {
        c.expect_keyword("by")?;
        c.expect_punct('(')?;
        column_defs(c, &mut seen)?
    } else {
        Vec::new()
    };
    if c.eat_keyword("lifecycle") {
        let days = c.expect_word("a number of days")?;
        if !days.value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LoadError::syntax(
                &days.source,
                format!(
                    "expected a number of days after `lifecycle`, found `{}`",
                    shorten(&days.value)
                ),
            ));
        }
    }
    Ok(StatementKind::CreateTable {
        if_not_exists,
        name,
        columns,
        partition_columns,
    })
}

/// `<col> <type> [comment '<s>'], ... )`, after the `(`; consumes the `)`.
fn column_defs(
    c: &mut Cursor<'_, '_>,
    seen: &mut Vec<String>,
) -> Result<Vec<ColumnDef>, LoadError> {
    let mut columns = Vec::new();
    loop {
        let name = c.expect_name("a column name")?;
        check_duplicate(&name, seen)?;
        let data_type = column_type(c)?;
        optional_comment(c, "a quoted column comment")?;
        columns.push(ColumnDef { name, data_type });
        if c.eat_punct(')') {
            return Ok(columns);
        }
        if !c.eat_punct(',') {
            return Err(c.expected("`,` or `)`"));
        }
    }
}

/// A column type: the tokens up to the `,`, `)` or `comment` that ends the column outside any
/// `(...)` or `<...>`, joined without whitespace, e.g. `decimal(10,2)`, `map<string,bigint>`.
fn column_type(c: &mut Cursor<'_, '_>) -> Result<String, LoadError> {
    match c.peek() {
        Some(t) if t.kind == TokenKind::Word && !t.is_keyword("comment") => {}
        _ => return Err(c.expected("a column type")),
    }
    let mut data_type = String::new();
    // The closing characters of the open `(` and `<`, innermost last.
    let mut open: Vec<char> = Vec::new();
    loop {
        let Some(t) = c.peek() else {
            return Err(match open.last() {
                Some(close) => c.expected(format_args!("`{close}`")),
                None => c.expected("`,` or `)`"),
            });
        };
        if open.is_empty() && (t.is_punct(',') || t.is_punct(')') || t.is_keyword("comment")) {
            return Ok(data_type);
        }
        if t.is_punct('(') {
            open.push(')');
        } else if t.is_punct('<') {
            open.push('>');
        } else if (t.is_punct(')') || t.is_punct('>'))
            && open.pop().is_none_or(|close| !t.is_punct(close))
        {
            return Err(c.error_at(
                t.start,
                format!(
                    "unbalanced {} in column type `{}`",
                    describe(Some(t)),
                    shorten(&data_type)
                ),
            ));
        }
        data_type.push_str(t.raw);
        c.bump();
    }
}

/// `create view [if not exists] <v> [(<col> [comment '<s>'], ...)] [comment '<s>'] as <query>`,
/// after `view`. See [`view`] for how the query is read.
pub(super) fn create_view(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let if_not_exists = if_not_exists(c)?;
    let name = c.expect_word("a view name")?;
    let mut columns = Vec::new();
    if c.eat_punct('(') {
        let mut seen = Vec::new();
        loop {
            let column = c.expect_name("a column name")?;
            check_duplicate(&column, &mut seen)?;
            optional_comment(c, "a quoted column comment")?;
            columns.push(column);
            if c.eat_punct(')') {
                break;
            }
            if !c.eat_punct(',') {
                return Err(c.expected("`,` or `)`"));
            }
        }
    }
    optional_comment(c, "a quoted view comment")?;
    c.expect_keyword("as")?;
    let tokens = c.remaining();
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return Err(c.expected("a query"));
    };
    let query = c
        .text()
        .get(first.start..last.end)
        .unwrap_or("")
        .trim()
        .to_string();
    let base_tables = view::base_tables(tokens)
        .into_iter()
        .map(|t| Spanned::new(t.text.to_string(), c.source(t.start)))
        .collect();
    let select_columns = view::select_columns(tokens);
    c.bump_all();
    Ok(StatementKind::CreateView {
        if_not_exists,
        name,
        columns,
        query,
        base_tables,
        select_columns,
    })
}

/// `create function <f> as '<class>' using '<res>,...'` (or `using res, res`), after
/// `function`.
pub(super) fn create_function(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let name = c.expect_word("a function name")?;
    c.expect_keyword("as")?;
    let class = c
        .expect_string("a quoted class name such as `'com.example.MyUdf'`")?
        .text
        .to_string();
    c.expect_keyword("using")?;
    let mut resources = Vec::new();
    loop {
        match c.peek() {
            Some(t) if t.is_string() => {
                let mut offset = t.content_start();
                for piece in t.text.split(',') {
                    let lead = piece.len() - piece.trim_start().len();
                    let resource = piece.trim();
                    if resource.is_empty() {
                        return Err(c.error_at(
                            offset + lead,
                            "expected a resource name, found an empty item in the `using` list",
                        ));
                    }
                    resources.push(Spanned::new(resource.to_string(), c.source(offset + lead)));
                    offset += piece.len() + 1;
                }
            }
            Some(t) if t.kind == TokenKind::Word => resources.push(c.spanned(t)),
            _ => return Err(c.expected("a resource name")),
        }
        c.bump();
        if !c.eat_punct(',') {
            break;
        }
    }
    Ok(StatementKind::CreateFunction {
        name,
        class,
        resources,
    })
}

/// `add jar|file|py|archive <name> [as <alias>] [comment '<s>'] [-f]`, after the kind.
pub(super) fn add_resource(
    c: &mut Cursor<'_, '_>,
    kind: ResourceKindWord,
) -> Result<StatementKind, LoadError> {
    let path = match c.peek() {
        Some(t) if t.kind == TokenKind::Word || t.is_string() => t,
        _ => return Err(c.expected("a file name")),
    };
    c.bump();
    let alias = if c.eat_keyword("as") {
        Some(c.expect_word("an alias")?)
    } else {
        None
    };
    optional_comment(c, "a quoted resource comment")?;
    if c.at_keyword("-f") {
        return Err(c.unsupported_at(
            c.offset(),
            "`add ... -f` (replace a resource) is not supported yet: drop the resource, then add it",
        ));
    }
    let name = match alias {
        Some(alias) => alias,
        None => {
            let file = path.text.rsplit('/').next().unwrap_or("");
            if file.is_empty() {
                return Err(c.error_at(
                    path.start,
                    format!("expected a file name, found {}", describe(Some(path))),
                ));
            }
            let offset = path.content_start() + (path.text.len() - file.len());
            Spanned::new(file.to_string(), c.source(offset))
        }
    };
    Ok(StatementKind::AddResource { kind, name })
}

/// `drop table|view|function|resource [if exists] <name>`, after the target.
pub(super) fn drop(c: &mut Cursor<'_, '_>, target: DropTarget) -> Result<StatementKind, LoadError> {
    let what = match target {
        DropTarget::Table => "a table name",
        DropTarget::View => "a view name",
        DropTarget::Function => "a function name",
        DropTarget::Resource => "a resource name",
    };
    let if_exists = if c.eat_keyword("if") {
        c.expect_keyword("exists")?;
        true
    } else {
        false
    };
    let name = c.expect_word(what)?;
    Ok(StatementKind::Drop {
        target,
        if_exists,
        name,
    })
}
