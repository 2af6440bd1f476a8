//! A request (design §3): who asks to do what on which object, from where and when.
//!
//! Three shapes share one JSON form: a project-level [`Request`] (the five-stage pipeline), a
//! [`ConsoleRequest`] (console and tenant-level operations, decided by RAM) and an
//! [`ExternalRequest`] (may a project's external table reach a data source through a RAM
//! role). [`AnyRequest::from_json`] tells them apart; [`locate`] places its errors in the text.

mod arn;
mod caller;
mod identity;
mod locate;
mod ram;

pub(crate) use arn::ResourceArn;
pub use caller::{ArnPrincipal, RamArn, StsCaller};
pub(crate) use identity::expiration_not_after;
pub use identity::{Identity, StsToken};
pub use locate::{from_parsed, locate, Located};
pub use ram::{AnyRequest, ConsoleRequest, ExternalRequest};

use crate::action::{Action, ObjectType};
use crate::error::RequestError;
use jiff::Timestamp;
use serde::Deserialize;
use std::fmt;
use std::net::IpAddr;

/// The object of a request. Names are stored lower case (MaxCompute names are
/// case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    /// Object type.
    pub object_type: ObjectType,
    /// Object name, lower case.
    pub name: String,
    /// The project that holds the object, lower case.
    pub project: String,
    /// Requested columns, lower case; empty means the whole object.
    pub columns: Vec<String>,
}

/// A request. Build one with [`Request::from_json`] or [`Request::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    identity: Identity,
    project: String,
    action: Action,
    object: ObjectRef,
    source_ip: Option<IpAddr>,
    vpc: Option<String>,
    time: Option<Timestamp>,
    task_type: Option<String>,
    context: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectJson {
    #[serde(rename = "type")]
    object_type: String,
    name: String,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    columns: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestJson {
    #[serde(default)]
    principal: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    sts: Option<identity::StsJson>,
    #[serde(default)]
    project: Option<String>,
    action: String,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    assume_role: Option<String>,
    #[serde(default)]
    context: Option<indexmap::IndexMap<String, serde_json::Value>>,
    #[serde(default)]
    object: Option<ObjectJson>,
    #[serde(default)]
    source_ip: Option<String>,
    #[serde(default)]
    vpc: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    task_type: Option<String>,
}

fn invalid(msg: impl Into<String>) -> RequestError {
    RequestError::Invalid(msg.into())
}

impl Request {
    /// A request by an authenticated `principal` to do `action` on `object` (`None`: the
    /// project itself) while working in `project`.
    ///
    /// ```
    /// use mcauth::{Action, ObjectType, Request};
    /// let r = Request::new("ALIYUN$alice@example.com", "sales", Action::Select,
    ///                      Some((ObjectType::Table, "Orders"))).unwrap();
    /// assert_eq!(r.object().name, "orders");
    /// ```
    pub fn new(
        principal: &str,
        project: &str,
        action: Action,
        object: Option<(ObjectType, &str)>,
    ) -> Result<Request, RequestError> {
        let project = project.to_ascii_lowercase();
        let (object_type, name) = match object {
            Some((t, n)) => (t, n.to_ascii_lowercase()),
            None => (ObjectType::Project, project.clone()),
        };
        let object = ObjectRef {
            object_type,
            name,
            project: project.clone(),
            columns: Vec::new(),
        };
        let req = Request {
            identity: Identity::Principal(principal.to_string()),
            project,
            action,
            object,
            source_ip: None,
            vpc: None,
            time: None,
            task_type: None,
            context: Vec::new(),
        };
        req.validate()?;
        Ok(req)
    }

    /// Read a request from its JSON form (design §3). Unknown fields are an error.
    ///
    /// ```
    /// let r = mcauth::Request::from_json(r#"{"principal":"ALIYUN$a@example.com",
    ///   "project":"sales","action":"CreateInstance","source_ip":"10.0.0.1"}"#).unwrap();
    /// assert_eq!(r.object().name, "sales");
    /// ```
    pub fn from_json(text: &str) -> Result<Request, RequestError> {
        match AnyRequest::from_json(text)? {
            AnyRequest::Project(r) => Ok(r),
            _ => Err(not_project()),
        }
    }

    /// Read a request from an already parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Request, RequestError> {
        match AnyRequest::from_value(value)? {
            AnyRequest::Project(r) => Ok(r),
            _ => Err(not_project()),
        }
    }

    fn from_raw(raw: RequestJson) -> Result<Request, RequestError> {
        let identity = identity::one_identity(raw.principal, raw.access_key_id, raw.sts)?;
        let context = ram::context_of(raw.context)?;
        let project = raw
            .project
            .ok_or_else(|| invalid("missing field `project`: where the request runs"))?
            .to_ascii_lowercase();
        let action = Action::from_name(&raw.action)
            .ok_or_else(|| invalid(format!("unknown action `{}`", raw.action)))?;
        let object = match raw.object {
            None => ObjectRef {
                object_type: ObjectType::Project,
                name: project.clone(),
                project: project.clone(),
                columns: Vec::new(),
            },
            Some(o) => {
                let object_type = ObjectType::from_name(&o.object_type).ok_or_else(|| {
                    invalid(format!(
                        "unknown object type `{}`: expected project, table, model, function, \
                         resource, instance or package",
                        o.object_type
                    ))
                })?;
                ObjectRef {
                    object_type,
                    name: o.name.to_ascii_lowercase(),
                    project: o
                        .project
                        .map(|p| p.to_ascii_lowercase())
                        .unwrap_or_else(|| project.clone()),
                    columns: o
                        .columns
                        .unwrap_or_default()
                        .iter()
                        .map(|c| c.to_ascii_lowercase())
                        .collect(),
                }
            }
        };
        let source_ip = ip_of(raw.source_ip)?;
        let time = time_of(raw.time)?;
        let req = Request {
            identity,
            project,
            action,
            object,
            source_ip,
            vpc: raw.vpc,
            time,
            task_type: raw.task_type,
            context,
        };
        req.validate()?;
        Ok(req)
    }

    fn validate(&self) -> Result<(), RequestError> {
        let o = &self.object;
        if self.action == Action::All {
            return Err(invalid(
                "`All` is a grant shorthand, not a request action: name the action (Select, \
                 Update, ...)",
            ));
        }
        if !o.object_type.accepts_request_action(self.action) {
            return Err(invalid(format!(
                "action `{}` does not apply to a {}",
                self.action, o.object_type
            )));
        }
        if self.action.is_management() && o.project != self.project {
            return Err(invalid(format!(
                "management action `{}` acts on the project the request runs in: object project \
                 `{}` is not `{}`",
                self.action, o.project, self.project
            )));
        }
        if o.object_type == ObjectType::Project && o.name != o.project {
            return Err(invalid(format!(
                "a project object names its own project: `{}` is not `{}`",
                o.name, o.project
            )));
        }
        if !o.columns.is_empty() && o.object_type != ObjectType::Table {
            return Err(invalid("`columns` apply to tables only"));
        }
        if self.project.is_empty() || o.name.is_empty() {
            return Err(invalid("empty project or object name"));
        }
        Ok(())
    }

    /// Set the source address.
    pub fn with_source_ip(mut self, ip: IpAddr) -> Self {
        self.source_ip = Some(ip);
        self
    }

    /// Set the VPC the request arrives over (`RegionID_VPCID`).
    pub fn with_vpc(mut self, vpc: &str) -> Self {
        self.vpc = Some(vpc.to_string());
        self
    }

    /// Set the request time.
    pub fn with_time(mut self, time: Timestamp) -> Self {
        self.time = Some(time);
        self
    }

    /// Set the task type (`SQL`, `DT`, `MapReduce`, ...).
    pub fn with_task_type(mut self, task_type: &str) -> Self {
        self.task_type = Some(task_type.to_string());
        self
    }

    /// Set the requested columns (table objects only; other objects ignore them).
    pub fn with_columns(mut self, columns: &[&str]) -> Self {
        if self.object.object_type == ObjectType::Table {
            self.object.columns = columns.iter().map(|c| c.to_ascii_lowercase()).collect();
        }
        self
    }

    /// Put the object in another project (cross-project access).
    pub fn with_object_project(mut self, project: &str) -> Self {
        if self.object.object_type != ObjectType::Project {
            self.object.project = project.to_ascii_lowercase();
        }
        self
    }

    /// The identity.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }
    /// The project the request runs in (lower case).
    pub fn project(&self) -> &str {
        &self.project
    }
    /// The action.
    pub fn action(&self) -> Action {
        self.action
    }
    /// The object.
    pub fn object(&self) -> &ObjectRef {
        &self.object
    }
    /// The source address.
    pub fn source_ip(&self) -> Option<IpAddr> {
        self.source_ip
    }
    /// The VPC, for a VPC request.
    pub fn vpc(&self) -> Option<&str> {
        self.vpc.as_deref()
    }
    /// The request time, if given.
    pub fn time(&self) -> Option<Timestamp> {
        self.time
    }
    /// The task type, if given.
    pub fn task_type(&self) -> Option<&str> {
        self.task_type.as_deref()
    }
    /// Extra condition keys (`context`), e.g. `saml:recipient` for a federated STS caller.
    pub fn context(&self) -> &[(String, String)] {
        &self.context
    }

    /// Whether the request names nothing but who, what and which object of its own project:
    /// no columns, address, VPC, time, task type or context for a rule to read.
    pub(crate) fn is_plain(&self) -> bool {
        self.object.columns.is_empty()
            && self.object.project == self.project
            && self.source_ip.is_none()
            && self.vpc.is_none()
            && self.time.is_none()
            && self.task_type.is_none()
            && self.context.is_empty()
    }

    /// A plain request by `identity` on project `project` (lower case) itself, for the compile
    /// stage's probes of the first stages.
    pub(crate) fn probe(identity: Identity, project: &str) -> Request {
        Request {
            identity,
            project: project.to_string(),
            action: Action::Select,
            object: ObjectRef {
                object_type: ObjectType::Project,
                name: project.to_string(),
                project: project.to_string(),
                columns: Vec::new(),
            },
            source_ip: None,
            vpc: None,
            time: None,
            task_type: None,
            context: Vec::new(),
        }
    }
}

/// `source_ip`, parsed.
fn ip_of(text: Option<String>) -> Result<Option<IpAddr>, RequestError> {
    text.map(|s| {
        s.parse::<IpAddr>().map_err(|_| {
            invalid(format!(
                "invalid `source_ip` `{s}`: expected an IPv4 or IPv6 address"
            ))
        })
    })
    .transpose()
}

/// `time`, parsed.
fn time_of(text: Option<String>) -> Result<Option<Timestamp>, RequestError> {
    text.map(|t| {
        t.parse::<Timestamp>().map_err(|_| {
            invalid(format!(
                "invalid `time` `{t}`: expected RFC 3339, e.g. 2026-03-01T10:05:00Z"
            ))
        })
    })
    .transpose()
}

fn not_project() -> RequestError {
    invalid(
        "this is a console or external-data-source request: read it with \
         `AnyRequest::from_json`",
    )
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.object;
        write!(f, "{} {} ", self.identity, self.action)?;
        if o.object_type == ObjectType::Project {
            write!(f, "project {}", o.name)?;
        } else if o.object_type == ObjectType::Package {
            write!(f, "package {} in {}", o.name, o.project)?;
        } else {
            write!(f, "{} {}.{}", o.object_type, o.project, o.name)?;
        }
        if !o.columns.is_empty() {
            write!(f, "({})", o.columns.join(", "))?;
        }
        if o.project != self.project {
            write!(f, " from project {}", self.project)?;
        }
        // What else the request sets: requests that differ only here decide differently.
        if let Some(t) = &self.time {
            write!(f, " at {t}")?;
        }
        if let Some(ip) = &self.source_ip {
            write!(f, " from {ip}")?;
        }
        if let Some(v) = &self.vpc {
            write!(f, " via vpc {v}")?;
        }
        if let Some(t) = &self.task_type {
            write!(f, " task {t}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn full_request_parses() {
        let r = Request::from_json(
            r#"{"principal":"RAM$o@example.com:bob","project":"Sales","action":"select",
                "object":{"type":"table","name":"Orders","columns":["ID"]},
                "source_ip":"10.1.2.3","vpc":"cn-hangzhou_vpc-abc",
                "time":"2026-03-01T10:05:00Z","task_type":"SQL"}"#,
        )
        .unwrap();
        assert_eq!(r.project(), "sales");
        assert_eq!(r.action(), Action::Select);
        assert_eq!(r.object().project, "sales");
        assert_eq!(r.object().columns, vec!["id"]);
        assert_eq!(r.vpc(), Some("cn-hangzhou_vpc-abc"));
        assert_eq!(
            r.to_string(),
            "RAM$o@example.com:bob Select table sales.orders(id) at 2026-03-01T10:05:00Z from \
             10.1.2.3 via vpc cn-hangzhou_vpc-abc task SQL"
        );
        let plain = Request::new("ALIYUN$a@example.com", "p", Action::List, None).unwrap();
        assert_eq!(plain.to_string(), "ALIYUN$a@example.com List project p");
    }

    #[test]
    fn bad_requests_say_why() {
        let cases = [
            (r#"{"project":"p","action":"List"}"#, "no identity"),
            (
                r#"{"principal":"a","project":"p","action":"List","x":1}"#,
                "unknown field",
            ),
            (
                r#"{"principal":"a","project":"p","action":"Fly"}"#,
                "unknown action `Fly`",
            ),
            (
                r#"{"principal":"a","project":"p","action":"Select"}"#,
                "does not apply to a project",
            ),
            (
                r#"{"principal":"a","project":"p","action":"All","object":{"type":"table","name":"t"}}"#,
                "`All` is a grant shorthand, not a request action: name the action (Select, \
                 Update, ...)",
            ),
            (
                r#"{"principal":"a","project":"p","action":"List","source_ip":"x"}"#,
                "invalid `source_ip`",
            ),
            (
                r#"{"principal":"a","access_key_id":"AK","project":"p","action":"List"}"#,
                "more than one identity",
            ),
        ];
        for (json, want) in cases {
            let e = Request::from_json(json).unwrap_err().to_string();
            assert!(e.contains(want), "{json}: {e}");
        }
    }
}
