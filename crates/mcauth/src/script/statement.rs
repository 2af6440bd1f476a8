//! The parsed form of a script: one [`Statement`] per `;`-terminated statement.
//!
//! The parser only checks the shape of each statement; whether it may be applied (the object
//! exists, the issuer may run it, ...) is decided by [`crate::load`].

use crate::action::{Action, ObjectType};
use crate::location::Source;
use jiff::Timestamp;

/// A value with the position of its first character in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it starts.
    pub source: Source,
}

impl<T> Spanned<T> {
    /// Wrap a value.
    pub fn new(value: T, source: Source) -> Self {
        Spanned { value, source }
    }
}

/// One statement and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// What the statement says.
    pub kind: StatementKind,
    /// The position of its first keyword.
    pub source: Source,
}

/// The project status values of `alter project ... status ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusWord {
    /// `available`
    Available,
    /// `readonly`
    ReadOnly,
    /// `frozen`
    Frozen,
    /// `deleting`
    Deleting,
}

/// `add jar|file|py|archive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKindWord {
    /// `jar`
    Jar,
    /// `file`
    File,
    /// `py`
    Py,
    /// `archive`
    Archive,
}

/// What a `drop` statement drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropTarget {
    /// `drop table`
    Table,
    /// `drop view`
    View,
    /// `drop function`
    Function,
    /// `drop resource`
    Resource,
}

/// `add|remove accountprovider aliyun|ram`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderWord {
    /// `aliyun`
    Aliyun,
    /// `ram`
    Ram,
}

/// The six project security flags set with `set <flag>=true|false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagWord {
    /// `CheckPermissionUsingACL`
    CheckPermissionUsingAcl,
    /// `CheckPermissionUsingPolicy`
    CheckPermissionUsingPolicy,
    /// `ObjectCreatorHasAccessPermission`
    ObjectCreatorHasAccessPermission,
    /// `ObjectCreatorHasGrantPermission`
    ObjectCreatorHasGrantPermission,
    /// `LabelSecurity`
    LabelSecurity,
    /// `ProjectProtection`
    ProjectProtection,
}

/// The `setproject` keys this version understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectKey {
    /// `odps.security.ip.whitelist`
    IpWhitelist,
    /// `odps.security.vpc.whitelist`
    VpcWhitelist,
    /// `odps.security.enabledownloadprivilege`
    EnableDownloadPrivilege,
}

/// One `key=value` of a `setproject` statement. `value` is the raw text after `=` (possibly
/// empty); its source points at its first character (or just after `=` when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSetting {
    /// The key.
    pub key: Spanned<ProjectKey>,
    /// The raw value.
    pub value: Spanned<String>,
}

/// A column of `create table`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDef {
    /// Column name as written.
    pub name: Spanned<String>,
    /// Type as written, e.g. `bigint`, `decimal(10,2)`, `array<string>`.
    pub data_type: String,
}

/// `user <name>` or `role <name>` in an ACL statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GranteeWord {
    /// `user <principal>`
    User(Spanned<String>),
    /// `role <role>`
    Role(Spanned<String>),
}

/// An ACL `grant` or `revoke`:
/// `grant <actions> on <type> <name>[(<cols>)] to user|role <name> [privilegeproperties(...)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct AclStatement {
    /// The actions, in the order written.
    pub actions: Vec<Spanned<Action>>,
    /// The object type.
    pub object_type: Spanned<ObjectType>,
    /// The object name as written (may contain `*`; may be `project.name` qualified).
    pub object: Spanned<String>,
    /// Column list, empty when absent.
    pub columns: Vec<Spanned<String>>,
    /// Who receives (or loses) the actions.
    pub grantee: GranteeWord,
    /// `"expires"="<days>"`.
    pub expires_days: Option<Spanned<u64>>,
    /// `"conditions"="<text>"`: the raw text; its source points at the text's first character.
    pub conditions: Option<Spanned<String>>,
    /// The policy GRANT form, `privilegeproperties("policy"="true", "allow"="true|false")`:
    /// `Some(allow)`, positioned at the `"policy"` key. `None` for an ACL grant.
    pub policy: Option<Spanned<bool>>,
    /// A grant on an object inside an installed package,
    /// `privilegeproperties("refobject"="true", "refproject"="<p>", "package"="<pkg>")`.
    pub package: Option<PackageRef>,
}

/// An installed package named by its source project and package name
/// (`<project>.<package>`, or the `"refproject"` / `"package"` properties).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRef {
    /// The project that created the package.
    pub project: Spanned<String>,
    /// The package's name.
    pub package: Spanned<String>,
}

/// A label statement's table: `table <t>[(<cols>)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelTarget {
    /// The table (or view) name as written.
    pub table: Spanned<String>,
    /// Column list, empty when absent.
    pub columns: Vec<Spanned<String>>,
}

/// Every statement the script language has in this version.
#[derive(Debug, Clone, PartialEq)]
pub enum StatementKind {
    /// `at '<RFC 3339 timestamp>';`
    At(Spanned<Timestamp>),
    /// `create account ALIYUN$<name> [uid <digits>];`
    CreateAccount {
        /// `ALIYUN$...`
        name: Spanned<String>,
        /// The numeric account ID.
        uid: Option<Spanned<String>>,
    },
    /// `create ram user RAM$<account>:<user> [display '<name>'];`
    CreateRamUser {
        /// `RAM$...:...`
        name: Spanned<String>,
        /// Display name.
        display: Option<String>,
    },
    /// `create project <p> owner ALIYUN$<account>;`
    CreateProject {
        /// Project name.
        name: Spanned<String>,
        /// Owner principal.
        owner: Spanned<String>,
    },
    /// `alter project <p> status available|readonly|frozen|deleting;`
    AlterProjectStatus {
        /// Project name.
        project: Spanned<String>,
        /// New status.
        status: StatusWord,
    },
    /// `use <p>;`
    Use(Spanned<String>),
    /// `login <principal>;`
    Login(Spanned<String>),
    /// `create table [if not exists] <t> (<cols>) [partitioned by (<cols>)];`
    CreateTable {
        /// `if not exists` given.
        if_not_exists: bool,
        /// Table name.
        name: Spanned<String>,
        /// Data columns.
        columns: Vec<ColumnDef>,
        /// Partition columns.
        partition_columns: Vec<ColumnDef>,
    },
    /// `create view [if not exists] <v> [(<cols>)] as select ...;`
    CreateView {
        /// `if not exists` given.
        if_not_exists: bool,
        /// View name.
        name: Spanned<String>,
        /// Explicit column list, empty when absent.
        columns: Vec<Spanned<String>>,
        /// The query text after `as`.
        query: String,
        /// Table names after `from` / `join` in the query (possibly `project.table`).
        base_tables: Vec<Spanned<String>>,
        /// Output column names of the select list; `None` when it is `*`.
        select_columns: Option<Vec<String>>,
    },
    /// `add jar|file|py|archive <name>;`
    AddResource {
        /// Resource kind.
        kind: ResourceKindWord,
        /// Resource name (the file name).
        name: Spanned<String>,
    },
    /// `create function <f> as '<class>' using '<res>[,<res>...]';`
    CreateFunction {
        /// Function name.
        name: Spanned<String>,
        /// Implementing class.
        class: String,
        /// Resources it uses.
        resources: Vec<Spanned<String>>,
    },
    /// `drop table|view|function|resource [if exists] <name>;`
    Drop {
        /// What to drop.
        target: DropTarget,
        /// `if exists` given.
        if_exists: bool,
        /// Object name.
        name: Spanned<String>,
    },
    /// `add|remove accountprovider aliyun|ram;`
    AccountProvider {
        /// `add` (true) or `remove` (false).
        add: bool,
        /// Which provider.
        provider: ProviderWord,
    },
    /// `add user <principal>;`
    AddUser(Spanned<String>),
    /// `remove user <principal>;`
    RemoveUser(Spanned<String>),
    /// `create role <r> [privilegeproperties("type"="admin|resource")];`
    CreateRole {
        /// Role name.
        name: Spanned<String>,
        /// `"type"="admin"` given.
        admin: bool,
    },
    /// `drop role <r>;`
    DropRole(Spanned<String>),
    /// `purge privs from role <r>;`
    PurgeRole(Spanned<String>),
    /// `grant <role>[, <role>...] to <principal>;`
    GrantRoles {
        /// Roles.
        roles: Vec<Spanned<String>>,
        /// Principal.
        principal: Spanned<String>,
    },
    /// `revoke <role>[, <role>...] from <principal>;`
    RevokeRoles {
        /// Roles.
        roles: Vec<Spanned<String>>,
        /// Principal.
        principal: Spanned<String>,
    },
    /// An ACL grant.
    GrantAcl(AclStatement),
    /// An ACL revoke.
    RevokeAcl(AclStatement),
    /// `set <flag>=true|false;`
    SetFlag {
        /// The flag.
        flag: FlagWord,
        /// Its new value.
        value: bool,
    },
    /// `setproject <key>=<value> [<key>=<value> ...];`
    SetProject(Vec<ProjectSetting>),
    /// `clear expired grants;`
    ClearExpiredGrants,
    /// `set ProjectProtection=true with exception <file>;`
    SetProtectionException(Spanned<String>),
    /// `set label <n> to table <t>[(<cols>)];`
    SetTableLabel {
        /// The sensitivity level, 0-9.
        level: Spanned<u8>,
        /// The table and columns.
        target: LabelTarget,
    },
    /// `set label <n> to user <p>;` or `set label <n> to role <r>;`
    SetPrincipalLabel {
        /// The access level, 0-9.
        level: Spanned<u8>,
        /// The user or role.
        grantee: GranteeWord,
    },
    /// `grant label <n> on table <t>[(<cols>)] to user|role <x> [with exp <days>]
    /// [privilegeproperties("refobject"="true", "refproject"=..., "package"=...)];`
    GrantLabel {
        /// The level granted, 0-9.
        level: Spanned<u8>,
        /// The table and columns.
        target: LabelTarget,
        /// Who receives it.
        grantee: GranteeWord,
        /// `with exp <days>`; `None`: the default of 180 days.
        expires_days: Option<Spanned<u64>>,
        /// A table inside an installed package.
        package: Option<PackageRef>,
    },
    /// `revoke label on table <t>[(<cols>)] from user|role <x> [privilegeproperties(...)];`
    RevokeLabel {
        /// The table and columns.
        target: LabelTarget,
        /// Who loses it.
        grantee: GranteeWord,
        /// A table inside an installed package.
        package: Option<PackageRef>,
    },
    /// `create package <pkg>;`
    CreatePackage(Spanned<String>),
    /// `delete package <pkg>;` or `drop package <pkg>;`
    DropPackage(Spanned<String>),
    /// `add <type> <name> to package <pkg> [with privileges <p1>, <p2>, ...];`
    AddToPackage {
        /// The object type: table (views too), resource, function or instance.
        object_type: Spanned<ObjectType>,
        /// The object's name, or `*`.
        name: Spanned<String>,
        /// The package.
        package: Spanned<String>,
        /// The privileges, empty when `with privileges` is absent.
        privileges: Vec<Spanned<Action>>,
    },
    /// `remove <type> <name> from package <pkg>;`
    RemoveFromPackage {
        /// The object type: table (views too), resource, function or instance.
        object_type: Spanned<ObjectType>,
        /// The object's name, or `*`.
        name: Spanned<String>,
        /// The package.
        package: Spanned<String>,
    },
    /// `allow project <p> to install package <pkg> [using label <n>];`
    AllowInstall {
        /// The project allowed to install.
        project: Spanned<String>,
        /// The package.
        package: Spanned<String>,
        /// `using label <n>`, 0-9.
        label: Option<Spanned<u8>>,
    },
    /// `disallow project <p> to install package <pkg>;`
    DisallowInstall {
        /// The project.
        project: Spanned<String>,
        /// The package.
        package: Spanned<String>,
    },
    /// `install package <project>.<pkg>;`
    InstallPackage(PackageRef),
    /// `uninstall package <project>.<pkg>;`
    UninstallPackage(PackageRef),
    /// `add trustedproject <p>;`
    AddTrustedProject(Spanned<String>),
    /// `remove trustedproject <p>;`
    RemoveTrustedProject(Spanned<String>),
    /// `put policy <file> [on role <r>];` (the file name quoted or not).
    PutPolicy {
        /// The policy file, relative to the script.
        file: Spanned<String>,
        /// The role, for a role policy; `None` for the project policy.
        role: Option<Spanned<String>>,
    },
    /// `create accesskey <id> for <principal>;` (an Alibaba Cloud account or a RAM user).
    CreateAccessKey {
        /// The AccessKey ID, as written (IDs are case-sensitive).
        id: Spanned<String>,
        /// Its owner.
        owner: Spanned<String>,
    },
    /// `enable|disable|delete accesskey <id>;`
    SetAccessKey {
        /// The AccessKey ID.
        id: Spanned<String>,
        /// What happens to it.
        change: KeyChange,
    },
    /// `` create ram role `RAM$<account>:role/<r>` trust '<file>' [max session <seconds>]; ``
    CreateRamRole {
        /// The role principal.
        name: Spanned<String>,
        /// The trust-policy file, relative to the script.
        trust: Spanned<String>,
        /// The maximum session duration in seconds, when given.
        max_session: Option<Spanned<u64>>,
    },
    /// `create service linked role <name> for ALIYUN$<account>;` (seed 002: the two MaxCompute
    /// service-linked roles, with their fixed policies).
    CreateServiceLinkedRole {
        /// The role name, e.g. `AliyunServiceRoleForMaxComputeLakehouse`.
        name: Spanned<String>,
        /// The account it is created in.
        account: Spanned<String>,
    },
    /// `attach policy <SystemPolicy>|'<file>' to ram user|ram role <principal>;`
    AttachPolicy {
        /// The policy.
        policy: PolicyName,
        /// Who gets it.
        target: RamTarget,
    },
    /// `detach policy <SystemPolicy>|'<file>' from ram user|ram role <principal>;`
    DetachPolicy {
        /// The policy.
        policy: PolicyName,
        /// Who loses it.
        target: RamTarget,
    },
    /// `create dataworks environment <name> for <RAM user> [public] [role <RAM role> | default
    /// role];` (seed 004: an individual development environment and its one associated role).
    CreateDevEnvironment {
        /// The environment's name.
        name: Spanned<String>,
        /// The member it belongs to.
        owner: Spanned<String>,
        /// Whether it is public in the workspace.
        public: Option<Source>,
        /// The associated role.
        role: Option<EnvironmentRoleClause>,
    },
    /// `add tenant user <principal>;` (run inside any project of the tenant; PLP §8).
    AddTenantUser(Spanned<String>),
    /// `remove tenant user <principal>;`
    RemoveTenantUser(Spanned<String>),
    /// `create tenant role <r>;`
    CreateTenantRole(Spanned<String>),
    /// `drop tenant role <r>;`
    DropTenantRole(Spanned<String>),
    /// `grant tenant role <r> to user <principal>;`
    GrantTenantRole {
        /// The tenant role.
        role: Spanned<String>,
        /// The tenant user.
        user: Spanned<String>,
    },
    /// `revoke tenant role <r> from user <principal>;`
    RevokeTenantRole {
        /// The tenant role.
        role: Spanned<String>,
        /// The tenant user.
        user: Spanned<String>,
    },
    /// `put policy <file> on tenant role <r>;` (a RAM-language policy over tenant objects).
    PutTenantPolicy {
        /// The policy file, relative to the script.
        file: Spanned<String>,
        /// The tenant role.
        role: Spanned<String>,
    },
}

/// The role clause of `create dataworks environment`: at most one (seed 004).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvironmentRoleClause {
    /// `role <RAM role>`: a custom RAM role.
    Custom(Spanned<String>),
    /// `default role`: the DataWorks default role; the source is the `default` keyword.
    Default(Source),
}

/// `enable|disable|delete accesskey`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyChange {
    /// `enable accesskey`
    Enable,
    /// `disable accesskey`
    Disable,
    /// `delete accesskey`
    Delete,
}

/// The policy of `attach|detach policy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyName {
    /// A system policy by name, unquoted: `AliyunMaxComputeFullAccess`.
    System(Spanned<String>),
    /// A custom policy file, quoted, relative to the script: `'custom.json'`.
    File(Spanned<String>),
}

/// Whom `attach|detach policy` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RamTarget {
    /// `ram user` or `ram role`.
    pub role: bool,
    /// The principal.
    pub name: Spanned<String>,
}
