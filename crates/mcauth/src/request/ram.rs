//! The requests RAM decides: console and tenant-level operations ([`ConsoleRequest`]) and
//! external data sources reached through a RAM role ([`ExternalRequest`]); and
//! [`AnyRequest`], which reads any of the three JSON forms (design §3, `docs/formats.md`).

use super::identity::{one_identity, Identity};
use super::{invalid, ip_of, time_of, Request, RequestJson};
use crate::error::RequestError;
use indexmap::IndexMap;
use jiff::Timestamp;
use std::fmt;
use std::net::IpAddr;

/// A console or tenant-level operation (seed 003 "RAM authentication", "Tenant-level operation
/// authentication"): a RAM action on a resource ARN, decided by RAM policies and tenant roles,
/// never by project ACLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleRequest {
    /// Who asks.
    pub identity: Identity,
    /// `<ram-code>:<action>`, e.g. `odps:CreateProject`.
    pub action: String,
    /// The resource ARN, e.g. `acs:odps:cn-hangzhou:1000000000000001:projects/newp`.
    pub resource: String,
    /// The source address (`acs:SourceIp`).
    pub source_ip: Option<IpAddr>,
    /// The request time (`acs:CurrentTime`); the configuration's clock when absent.
    pub time: Option<Timestamp>,
    /// Extra condition keys (`acs:SecureTransport`, `acs:MFAPresent`, ...).
    pub context: Vec<(String, String)>,
}

/// May project `project`'s external table reach a data source through RAM role `role` (seed
/// 002)? MaxCompute of the project owner's account assumes the role, then the role's policies
/// decide the action on the resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRequest {
    /// The MaxCompute project (lower case).
    pub project: String,
    /// The role: `acs:ram::<uid>:role/<name>` or `RAM$<account>:role/<name>`.
    pub role: String,
    /// `<ram-code>:<action>`, e.g. `oss:GetObject`.
    pub action: String,
    /// The resource ARN, e.g. `acs:oss:*:*:bucket/path/file.csv`.
    pub resource: String,
    /// The request time; the configuration's clock when absent.
    pub time: Option<Timestamp>,
    /// Extra condition keys.
    pub context: Vec<(String, String)>,
}

/// Any of the three request forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyRequest {
    /// A project-level request (the five-stage pipeline).
    Project(Request),
    /// A console or tenant-level operation.
    Console(ConsoleRequest),
    /// An external data source through a RAM role.
    External(ExternalRequest),
}

/// `context`: an object of condition keys to strings, numbers or booleans.
pub(super) fn context_of(
    raw: Option<IndexMap<String, serde_json::Value>>,
) -> Result<Vec<(String, String)>, RequestError> {
    let mut out = Vec::new();
    for (k, v) in raw.unwrap_or_default() {
        let text = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                return Err(invalid(format!(
                    "`context.{k}` is {other}: expected a string, number or boolean"
                )))
            }
        };
        out.push((k, text));
    }
    Ok(out)
}

fn ram_action(action: &str) -> Result<String, RequestError> {
    match action.split_once(':') {
        Some((code, name)) if !code.is_empty() && !name.is_empty() => Ok(action.to_string()),
        _ => Err(invalid(format!(
            "invalid RAM action `{action}`: expected `<ram-code>:<action>`, e.g. \
             `odps:CreateProject` or `oss:GetObject`"
        ))),
    }
}

/// A resource ARN, checked as the `ram` stage reads it ([`super::ResourceArn`]).
fn arn(text: String) -> Result<String, RequestError> {
    super::ResourceArn::parse(&text).map_err(RequestError::Invalid)?;
    Ok(text)
}

impl AnyRequest {
    /// Read any request form from JSON. A request with `assume_role` is an
    /// [`ExternalRequest`]; one with `resource` (or a `<ram-code>:` action) is a
    /// [`ConsoleRequest`]; anything else is a project-level [`Request`].
    ///
    /// ```
    /// use mcauth::request::AnyRequest;
    /// let r = AnyRequest::from_json(r#"{"principal":"RAM$o@example.com:bob",
    ///   "action":"odps:CreateProject",
    ///   "resource":"acs:odps:cn-hangzhou:1000000000000001:projects/newp"}"#).unwrap();
    /// assert!(matches!(r, AnyRequest::Console(_)));
    /// ```
    pub fn from_json(text: &str) -> Result<AnyRequest, RequestError> {
        let raw: RequestJson =
            serde_json::from_str(text).map_err(|e| RequestError::Json(e.to_string()))?;
        AnyRequest::from_raw(raw)
    }

    /// Read any request form from an already parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<AnyRequest, RequestError> {
        let raw: RequestJson =
            serde_json::from_value(value).map_err(|e| RequestError::Json(e.to_string()))?;
        AnyRequest::from_raw(raw)
    }

    fn from_raw(raw: RequestJson) -> Result<AnyRequest, RequestError> {
        if let Some(role) = raw.assume_role {
            if raw.principal.is_some() || raw.access_key_id.is_some() || raw.sts.is_some() {
                return Err(invalid(
                    "an `assume_role` request is made by MaxCompute itself: it names no \
                     `principal`, `access_key_id` or `sts`",
                ));
            }
            if raw.object.is_some() || raw.vpc.is_some() || raw.task_type.is_some() {
                return Err(invalid(
                    "an `assume_role` request has `project`, `assume_role`, `action`, \
                     `resource`, `time` and `context` only",
                ));
            }
            let project = raw.project.ok_or_else(|| {
                invalid("missing field `project`: the project whose external table asks")
            })?;
            let resource = raw
                .resource
                .ok_or_else(|| invalid("missing field `resource`: the data source's ARN"))?;
            return Ok(AnyRequest::External(ExternalRequest {
                project: project.to_ascii_lowercase(),
                role,
                action: ram_action(&raw.action)?,
                resource: arn(resource)?,
                time: time_of(raw.time)?,
                context: context_of(raw.context)?,
            }));
        }
        if raw.resource.is_some() || raw.action.contains(':') {
            if raw.project.is_some()
                || raw.object.is_some()
                || raw.vpc.is_some()
                || raw.task_type.is_some()
            {
                return Err(invalid(
                    "a console request (a `resource` or a `<ram-code>:` action) names no \
                     `project`, `object`, `vpc` or `task_type`: the resource ARN says what it \
                     acts on",
                ));
            }
            let resource = raw.resource.ok_or_else(|| {
                invalid("missing field `resource`: the ARN the console action acts on")
            })?;
            return Ok(AnyRequest::Console(ConsoleRequest {
                identity: one_identity(raw.principal, raw.access_key_id, raw.sts)?,
                action: ram_action(&raw.action)?,
                resource: arn(resource)?,
                source_ip: ip_of(raw.source_ip)?,
                time: time_of(raw.time)?,
                context: context_of(raw.context)?,
            }));
        }
        Request::from_raw(raw).map(AnyRequest::Project)
    }
}

impl fmt::Display for ConsoleRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} on {} (console)",
            self.identity, self.action, self.resource
        )
    }
}

impl fmt::Display for ExternalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "project {} through {}: {} on {}",
            self.project, self.role, self.action, self.resource
        )
    }
}

impl fmt::Display for AnyRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyRequest::Project(r) => r.fmt(f),
            AnyRequest::Console(r) => r.fmt(f),
            AnyRequest::External(r) => r.fmt(f),
        }
    }
}
