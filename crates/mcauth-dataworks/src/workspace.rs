//! A DataWorks workspace as a JSON document (`docs/formats.md`, "DataWorks workspaces"): its
//! mode, owner, members with their DataWorks roles, the production scheduling identity, RAM
//! roles and personal development environments. [`Workspace::parse`] checks DataWorks' rules
//! and names `file:line:column` on every error.

use crate::error::WorkspaceError;
use crate::roles::DataWorksRole;
use mcauth::location::{LineIndex, Source};
use mcauth::policy::json::{self, Fields, Json};
use mcauth::principal::{PrincipalKind, PrincipalName};

/// Basic or standard mode (spec PLP §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One MaxCompute project, `<name>`, used as production.
    Basic,
    /// Two projects: `<name>_dev` (development) and `<name>` (production).
    Standard,
}

/// Which environment a MaxCompute project of the workspace is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// The development project of a standard-mode workspace.
    Development,
    /// The production project (the only project of a basic-mode workspace).
    Production,
}

impl Environment {
    /// `development` or `production`.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Production => "production",
        }
    }
}

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where in the workspace file.
    pub at: Source,
}

/// A workspace member: a RAM user of the owner's account and its DataWorks roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The RAM user, as written.
    pub user: Located<String>,
    /// Its DataWorks roles, in the order written.
    pub roles: Vec<Located<DataWorksRole>>,
}

/// A RAM role the workspace uses (as the scheduling identity or an environment's role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RamRole {
    /// The role, `RAM$<account>:role/<name>`.
    pub role: Located<String>,
    /// Its trust policy file, relative to the workspace file.
    pub trust: Located<String>,
}

/// The RAM role associated with a personal development environment (seed 004).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvironmentRole {
    /// No role (the only choice for a public environment).
    None,
    /// The DataWorks default role: the environment acts with its owner's permissions.
    Default,
    /// A custom RAM role whose trusted entity is an Alibaba Cloud service.
    Custom(String),
}

/// A personal development environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevEnvironment {
    /// Its name.
    pub name: Located<String>,
    /// The member it belongs to.
    pub member: Located<String>,
    /// Whether it is public in the workspace.
    pub public: bool,
    /// Its associated role.
    pub role: Located<EnvironmentRole>,
}

/// A DataWorks workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The workspace file, as given.
    pub file: String,
    /// The workspace (and production project) name.
    pub name: Located<String>,
    /// Basic or standard.
    pub mode: Located<Mode>,
    /// The owner, an Alibaba Cloud account `ALIYUN$...`.
    pub owner: Located<String>,
    /// The owner's 16-digit account ID, when given.
    pub owner_uid: Option<Located<String>>,
    /// Members.
    pub members: Vec<Member>,
    /// The production scheduling identity (a RAM user or RAM role of the owner's account).
    pub scheduler: Option<Located<String>>,
    /// RAM roles to declare.
    pub ram_roles: Vec<RamRole>,
    /// Personal development environments.
    pub environments: Vec<DevEnvironment>,
}

impl Workspace {
    /// The MaxCompute projects the workspace binds, with their environment: `<name>_dev` and
    /// `<name>` in standard mode, `<name>` alone in basic mode.
    pub fn projects(&self) -> Vec<(String, Environment)> {
        let prod = (self.name.value.clone(), Environment::Production);
        match self.mode.value {
            Mode::Basic => vec![prod],
            Mode::Standard => vec![
                (format!("{}_dev", self.name.value), Environment::Development),
                prod,
            ],
        }
    }

    /// Read and parse a workspace file.
    pub fn from_file(path: &str) -> Result<Workspace, WorkspaceError> {
        let text = std::fs::read_to_string(path).map_err(|e| WorkspaceError::Read {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        Workspace::parse(path, &text)
    }

    /// Parse a workspace document; `file` names it in errors.
    ///
    /// ```
    /// use mcauth_dataworks::{Mode, Workspace};
    /// let ws = Workspace::parse("ws.json", r#"{"name": "sales", "mode": "basic",
    ///     "owner": "ALIYUN$corp@example.com",
    ///     "members": [{"user": "RAM$corp@example.com:alice", "roles": ["Development"]}]}"#)
    ///     .unwrap();
    /// assert_eq!(ws.mode.value, Mode::Basic);
    /// let err = Workspace::parse("ws.json", r#"{"name": "sales", "mode": "basic",
    ///     "owner": "ALIYUN$corp@example.com",
    ///     "members": [{"user": "RAM$other@example.com:eve", "roles": ["Development"]}]}"#)
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("ws.json:3:"), "{err}");
    /// ```
    pub fn parse(file: &str, text: &str) -> Result<Workspace, WorkspaceError> {
        let index = LineIndex::new(file, text);
        let root = json::parse(text).map_err(|e| WorkspaceError::Syntax {
            at: index.source(e.offset),
            message: e.message,
        })?;
        let r = Reader { index: &index };
        r.workspace(file, &root)
    }
}

/// Turns offsets into sources and walks the document.
struct Reader<'a> {
    index: &'a LineIndex<'a>,
}

const WORKSPACE_MEMBERS: &[&str] = &[
    "name",
    "mode",
    "owner",
    "owner_uid",
    "members",
    "scheduler",
    "ram_roles",
    "environments",
];

impl Reader<'_> {
    fn syntax(&self, offset: usize, message: impl Into<String>) -> WorkspaceError {
        WorkspaceError::Syntax {
            at: self.index.source(offset),
            message: message.into(),
        }
    }

    fn invalid(&self, at: &Source, message: impl Into<String>) -> WorkspaceError {
        WorkspaceError::Invalid {
            at: at.clone(),
            message: message.into(),
        }
    }

    fn string(&self, v: &Json, what: &str) -> Result<Located<String>, WorkspaceError> {
        let value = json::text(v, what).map_err(|(o, m)| self.syntax(o, m))?;
        Ok(Located {
            value: value.to_string(),
            at: self.index.source(v.offset),
        })
    }

    fn bool(&self, v: &Json, what: &str) -> Result<bool, WorkspaceError> {
        json::boolean(v, what).map_err(|(o, m)| self.syntax(o, m))
    }

    fn array<'j>(&self, v: &'j Json, what: &str) -> Result<&'j [Json], WorkspaceError> {
        json::array(v, what).map_err(|(o, m)| self.syntax(o, m))
    }

    /// The members of an object, refusing unknown and repeated ones, and a lookup for
    /// required ones.
    fn object<'j>(
        &self,
        v: &'j Json,
        what: &'j str,
        known: &[&str],
    ) -> Result<Fields<'j>, WorkspaceError> {
        Fields::of(v, what, "field", known).map_err(|(o, m)| self.syntax(o, m))
    }

    fn required<'j>(&self, f: &Fields<'j>, key: &str) -> Result<&'j Json, WorkspaceError> {
        f.required(key).map_err(|(o, m)| self.syntax(o, m))
    }

    /// A principal name of `kind` in the owner's account.
    fn principal(
        &self,
        v: &Json,
        owner: &PrincipalName,
        kinds: &[PrincipalKind],
        what: &str,
    ) -> Result<Located<String>, WorkspaceError> {
        let s = self.string(v, what)?;
        let name = PrincipalName::parse(&s.value)
            .map_err(|e| self.syntax(v.offset, format!("`{}`: {e}", s.value)))?;
        if !kinds.contains(&name.kind) {
            return Err(self.invalid(&s.at, format!("`{}` is not {what} (seed 003)", s.value)));
        }
        let same_account = name.account.as_deref().is_some_and(|a| {
            owner
                .account
                .as_deref()
                .is_some_and(|o| a.eq_ignore_ascii_case(o))
        });
        if !same_account {
            return Err(self.invalid(
                &s.at,
                format!(
                    "`{}` is not {what}: it must belong to the owner's account `{}` (seed 003)",
                    s.value, owner.text
                ),
            ));
        }
        Ok(s)
    }

    fn workspace(&self, file: &str, root: &Json) -> Result<Workspace, WorkspaceError> {
        let f = self.object(root, "a workspace object", WORKSPACE_MEMBERS)?;
        let name = self.string(self.required(&f, "name")?, "the workspace name")?;
        if !name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            || !name.value.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            return Err(self.invalid(
                &name.at,
                format!(
                    "workspace name `{}`: expected a letter, then letters, digits and `_` (it \
                     names the MaxCompute projects)",
                    name.value
                ),
            ));
        }
        let mode_v = self.required(&f, "mode")?;
        let mode_s = self.string(mode_v, "the mode")?;
        let mode = match mode_s.value.to_ascii_lowercase().as_str() {
            "basic" => Mode::Basic,
            "standard" => Mode::Standard,
            _ => {
                return Err(self.syntax(
                    mode_v.offset,
                    format!("mode `{}`: expected `basic` or `standard`", mode_s.value),
                ))
            }
        };
        let owner_v = self.required(&f, "owner")?;
        let owner = self.string(owner_v, "the owner")?;
        let owner_name = PrincipalName::parse(&owner.value)
            .map_err(|e| self.syntax(owner_v.offset, format!("`{}`: {e}", owner.value)))?;
        if owner_name.kind != PrincipalKind::Account {
            return Err(self.invalid(
                &owner.at,
                format!(
                    "the workspace owner `{}` must be an Alibaba Cloud account `ALIYUN$...` \
                     (seed 003)",
                    owner.value
                ),
            ));
        }
        let owner_uid = match f.get("owner_uid") {
            None => None,
            Some(v) => {
                let uid = self.string(v, "the owner's account ID")?;
                if uid.value.len() != 16 || !uid.value.chars().all(|c| c.is_ascii_digit()) {
                    return Err(self.syntax(
                        v.offset,
                        format!("account ID `{}`: expected exactly 16 digits", uid.value),
                    ));
                }
                Some(uid)
            }
        };
        let mut ws = Workspace {
            file: file.to_string(),
            name,
            mode: Located {
                value: mode,
                at: mode_s.at,
            },
            owner,
            owner_uid,
            members: Vec::new(),
            scheduler: None,
            ram_roles: Vec::new(),
            environments: Vec::new(),
        };
        if let Some(v) = f.get("members") {
            for m in self.array(v, "`members`")? {
                let member = self.member(m, &owner_name)?;
                if let Some(dup) = ws
                    .members
                    .iter()
                    .find(|x| x.user.value.eq_ignore_ascii_case(&member.user.value))
                {
                    return Err(self.invalid(
                        &member.user.at,
                        format!(
                            "member `{}` is listed twice (first at {})",
                            member.user.value, dup.user.at
                        ),
                    ));
                }
                ws.members.push(member);
            }
        }
        if let Some(v) = f.get("ram_roles") {
            for r in self.array(v, "`ram_roles`")? {
                let g = self.object(r, "a RAM role object", &["role", "trust"])?;
                let role = self.principal(
                    self.required(&g, "role")?,
                    &owner_name,
                    &[PrincipalKind::RamRole],
                    "a RAM role",
                )?;
                let trust = self.string(self.required(&g, "trust")?, "the trust policy file")?;
                ws.ram_roles.push(RamRole { role, trust });
            }
        }
        if let Some(v) = f.get("scheduler") {
            let s = self.principal(
                v,
                &owner_name,
                &[PrincipalKind::RamUser, PrincipalKind::RamRole],
                "a RAM user or RAM role",
            )?;
            if s.value.contains(":role/") && ws.ram_role(&s.value).is_none() {
                return Err(self.invalid(
                    &s.at,
                    format!(
                        "the scheduling identity `{}` is not in `ram_roles`",
                        s.value
                    ),
                ));
            }
            ws.scheduler = Some(s);
        }
        if let Some(v) = f.get("environments") {
            for e in self.array(v, "`environments`")? {
                let env = self.environment(e, &ws)?;
                ws.environments.push(env);
            }
        }
        Ok(ws)
    }

    fn member(&self, v: &Json, owner: &PrincipalName) -> Result<Member, WorkspaceError> {
        let f = self.object(v, "a member object", &["user", "roles"])?;
        let user = self.principal(
            self.required(&f, "user")?,
            owner,
            &[PrincipalKind::RamUser],
            "a RAM user of the owner's account",
        )?;
        let roles_v = self.required(&f, "roles")?;
        let items = self.array(roles_v, "`roles`")?;
        if items.is_empty() {
            return Err(self.syntax(
                roles_v.offset,
                "expected at least one DataWorks role in `roles`",
            ));
        }
        let mut roles: Vec<Located<DataWorksRole>> = Vec::new();
        for item in items {
            let s = self.string(item, "a DataWorks role")?;
            let role = DataWorksRole::from_name(&s.value).ok_or_else(|| {
                self.syntax(
                    item.offset,
                    format!(
                        "unknown DataWorks role `{}`: expected one of {}",
                        s.value,
                        DataWorksRole::ALL
                            .iter()
                            .map(|r| r.row().dataworks)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            if roles.iter().any(|r| r.value == role) {
                return Err(self.invalid(
                    &s.at,
                    format!("role `{}` is listed twice for this member", s.value),
                ));
            }
            roles.push(Located {
                value: role,
                at: s.at,
            });
        }
        Ok(Member { user, roles })
    }

    fn environment(&self, v: &Json, ws: &Workspace) -> Result<DevEnvironment, WorkspaceError> {
        let f = self.object(
            v,
            "an environment object",
            &["name", "member", "public", "role"],
        )?;
        let name = self.string(self.required(&f, "name")?, "the environment name")?;
        if let Some(dup) = ws
            .environments
            .iter()
            .find(|e| e.name.value.eq_ignore_ascii_case(&name.value))
        {
            return Err(self.invalid(
                &name.at,
                format!(
                    "environment `{}` is listed twice (first at {})",
                    name.value, dup.name.at
                ),
            ));
        }
        let member = self.string(self.required(&f, "member")?, "the environment's member")?;
        if ws.member(&member.value).is_none() {
            return Err(self.invalid(
                &member.at,
                format!(
                    "environment `{}` belongs to `{}`, who is not a member of the workspace",
                    name.value, member.value
                ),
            ));
        }
        let public = match f.get("public") {
            Some(p) => self.bool(p, "`public`")?,
            None => false,
        };
        let role = match f.get("role") {
            None => Located {
                value: EnvironmentRole::None,
                at: name.at.clone(),
            },
            Some(r) => {
                let s = self.string(r, "the environment's role")?;
                let value = if s.value.eq_ignore_ascii_case("default") {
                    EnvironmentRole::Default
                } else if ws.ram_role(&s.value).is_some() {
                    EnvironmentRole::Custom(s.value.clone())
                } else {
                    return Err(self.invalid(
                        &s.at,
                        format!(
                            "environment role `{}`: expected `default` (the DataWorks default \
                             role) or a role listed in `ram_roles`",
                            s.value
                        ),
                    ));
                };
                if public {
                    return Err(self.invalid(
                        &s.at,
                        format!(
                            "environment `{}` is public, so it must not have a RAM role (seed \
                             004: \"do not associate a RAM role\")",
                            name.value
                        ),
                    ));
                }
                Located { value, at: s.at }
            }
        };
        Ok(DevEnvironment {
            name,
            member,
            public,
            role,
        })
    }
}

impl Workspace {
    /// The member whose user is `user` (case-insensitively).
    pub fn member(&self, user: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.user.value.eq_ignore_ascii_case(user))
    }

    /// The RAM role `role` of `ram_roles` (case-insensitively).
    pub fn ram_role(&self, role: &str) -> Option<&RamRole> {
        self.ram_roles
            .iter()
            .find(|r| r.role.value.eq_ignore_ascii_case(role))
    }
}
