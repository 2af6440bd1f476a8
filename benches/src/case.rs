//! A request of the workload in plain data, before it becomes an [`mcauth::Request`].

use crate::acl::{Action, Ask, Core};
use mcauth::Request;

/// How a request names its caller (design §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// A bare `principal`: the caller has already authenticated.
    Principal,
    /// The user's AccessKey (`access_key_id`), which authentication resolves to the user.
    AccessKey,
}

/// One request: `user` asks, in project `p<project>`, for `action` on a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The caller's global user number.
    pub user: u32,
    /// The project where the request runs (the user's own).
    pub project: u32,
    /// The table's project when it is another one (a package's provider).
    pub object_project: Option<String>,
    /// The table's name.
    pub table: String,
    /// The action.
    pub action: Action,
    /// The columns read, when the request names them.
    pub columns: &'static [&'static str],
}

impl Case {
    /// A core request as a case.
    pub fn of(ask: &Ask) -> Case {
        Case {
            user: ask.user,
            project: ask.project,
            object_project: None,
            table: Core::table_name(ask.table),
            action: ask.action,
            columns: &[],
        }
    }

    /// The request's JSON (design §3).
    pub fn json(&self, identity: Identity) -> String {
        let who = match identity {
            Identity::Principal => format!(r#""principal":"{}""#, Core::user_name(self.user)),
            Identity::AccessKey => format!(r#""access_key_id":"{}""#, access_key(self.user)),
        };
        let mut object = format!(r#"{{"type":"table","name":"{}""#, self.table);
        if let Some(p) = &self.object_project {
            object.push_str(&format!(r#","project":"{p}""#));
        }
        if !self.columns.is_empty() {
            let cols: Vec<String> = self.columns.iter().map(|c| format!("\"{c}\"")).collect();
            object.push_str(&format!(r#","columns":[{}]"#, cols.join(",")));
        }
        object.push('}');
        format!(
            r#"{{{who},"project":"{}","action":"{}","object":{object}}}"#,
            Core::project_name(self.project),
            self.action.as_str()
        )
    }

    /// The request, or `None` if mcauth refuses its JSON (the generator writes only valid
    /// requests; the workload test checks that none is lost).
    pub fn request(&self, identity: Identity) -> Option<Request> {
        Request::from_json(&self.json(identity)).ok()
    }
}

/// The id of user `u`'s AccessKey.
pub fn access_key(u: u32) -> String {
    format!("AKU{u}")
}
