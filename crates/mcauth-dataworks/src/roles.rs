//! The role table of seed 003 ("Permission relationship between MaxCompute and DataWorks"): each
//! DataWorks role or identity, the MaxCompute role it maps to, and the MaxCompute permissions
//! that role holds in the development and the production environment, as typed data next to
//! the seed's own wording (`tests/role_table.rs` checks one against the other).

use crate::workspace::Environment;
use mcauth::{Action, ObjectType};

/// One ACL grant a role holds in a project: actions on an object type, named either the
/// project itself or `*` (every object of the type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleGrant {
    /// The object type.
    pub object: ObjectType,
    /// The actions (`All` stands for every grantable action of the type).
    pub actions: &'static [Action],
}

impl RoleGrant {
    /// The object name in a `grant` statement of project `project`: the project itself, or `*`.
    pub fn object_name<'p>(&self, project: &'p str) -> &'p str {
        if self.object == ObjectType::Project {
            project
        } else {
            "*"
        }
    }
}

/// Actions as a script lists them: `Describe, Select`.
pub fn action_list(actions: &[Action]) -> String {
    actions
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a role holds in one environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permissions {
    /// "No permissions by default": granted later, through Security Center.
    NoneByDefault,
    /// Every permission, as the project owner or a MaxCompute built-in role holds it (not
    /// expressed as grants).
    AllAsBuiltin,
    /// These grants.
    Grants(&'static [RoleGrant]),
}

impl Permissions {
    /// The grants this stands for (none for [`Permissions::NoneByDefault`] and
    /// [`Permissions::AllAsBuiltin`]).
    pub fn grants(&self) -> &'static [RoleGrant] {
        match self {
            Permissions::Grants(g) => g,
            _ => &[],
        }
    }
}

/// A DataWorks built-in workspace role (the rows of seed 003's table that DataWorks assigns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataWorksRole {
    /// Workspace Administrator.
    WorkspaceAdministrator,
    /// Development.
    Development,
    /// O&M.
    OAndM,
    /// Deploy.
    Deploy,
    /// Visitor.
    Visitor,
    /// Security Manager.
    SecurityManager,
    /// Data Analyst.
    DataAnalyst,
    /// Model Designer.
    ModelDesigner,
    /// Data Governance Administrator.
    DataGovernanceAdministrator,
}

impl DataWorksRole {
    /// Every role, in the table's order.
    pub const ALL: [DataWorksRole; 9] = [
        DataWorksRole::WorkspaceAdministrator,
        DataWorksRole::Development,
        DataWorksRole::OAndM,
        DataWorksRole::Deploy,
        DataWorksRole::Visitor,
        DataWorksRole::SecurityManager,
        DataWorksRole::DataAnalyst,
        DataWorksRole::ModelDesigner,
        DataWorksRole::DataGovernanceAdministrator,
    ];

    /// The role's row of the table.
    pub fn row(self) -> &'static RoleRow {
        match self {
            DataWorksRole::WorkspaceAdministrator => &WORKSPACE_ADMINISTRATOR,
            DataWorksRole::Development => &DEVELOPMENT,
            DataWorksRole::OAndM => &O_AND_M,
            DataWorksRole::Deploy => &DEPLOY,
            DataWorksRole::Visitor => &VISITOR,
            DataWorksRole::SecurityManager => &SECURITY_MANAGER,
            DataWorksRole::DataAnalyst => &DATA_ANALYST,
            DataWorksRole::ModelDesigner => &MODEL_DESIGNER,
            DataWorksRole::DataGovernanceAdministrator => &DATA_GOVERNANCE_ADMINISTRATOR,
        }
    }

    /// The role named `name`: its DataWorks name ("O&M"), or its MaxCompute role
    /// ("Role_Project_Pe"), case-insensitively.
    ///
    /// ```
    /// use mcauth_dataworks::DataWorksRole;
    /// assert_eq!(DataWorksRole::from_name("o&m"), Some(DataWorksRole::OAndM));
    /// assert_eq!(DataWorksRole::from_name("role_project_dev"), Some(DataWorksRole::Development));
    /// assert_eq!(DataWorksRole::from_name("Owner"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<DataWorksRole> {
        DataWorksRole::ALL.into_iter().find(|r| {
            let row = r.row();
            row.dataworks.eq_ignore_ascii_case(name) || row.maxcompute.eq_ignore_ascii_case(name)
        })
    }
}

/// One row of seed 003's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRow {
    /// The DataWorks role or identity, as the table names it.
    pub dataworks: &'static str,
    /// The MaxCompute role, as the table spells it (`Role_Project_Dev`); roles are
    /// case-insensitive in MaxCompute, and scripts use the lower-case name.
    pub maxcompute: &'static str,
    /// MaxCompute permissions in the development environment (standard mode's `<name>_dev`).
    pub dev: Permissions,
    /// MaxCompute permissions in the production environment (`<name>`).
    pub prod: Permissions,
    /// The table's development-environment cell, verbatim (its MaxCompute part).
    pub seed_dev: &'static str,
    /// The table's production-environment cell, verbatim.
    pub seed_prod: &'static str,
    /// A short description (the table's description cell, shortened).
    pub description: &'static str,
}

impl RoleRow {
    /// What the role holds in an environment's column.
    pub fn permissions(&self, column: Environment) -> Permissions {
        match column {
            Environment::Development => self.dev,
            Environment::Production => self.prod,
        }
    }

    /// The seed's wording of an environment's column.
    pub fn seed_cell(&self, column: Environment) -> &'static str {
        match column {
            Environment::Development => self.seed_dev,
            Environment::Production => self.seed_prod,
        }
    }

    /// The role name scripts use: the MaxCompute role in lower case.
    pub fn script_name(&self) -> String {
        self.maxcompute.to_ascii_lowercase()
    }
}

use Action::{CreateInstance, CreateTable, Describe, Read, Select};
use ObjectType::{Function, Instance, Package, Project, Resource, Table};

const ALL: &[Action] = &[Action::All];

/// "All permissions for project/table/function/resource/instance/job in the current project,
/// and the read permission on packages" (jobs are instances in MaxCompute's ACL;
/// `docs/semantics.md` D1).
const ENGINE_ALL: &[RoleGrant] = &[
    RoleGrant {
        object: Project,
        actions: ALL,
    },
    RoleGrant {
        object: Table,
        actions: ALL,
    },
    RoleGrant {
        object: Function,
        actions: ALL,
    },
    RoleGrant {
        object: Resource,
        actions: ALL,
    },
    RoleGrant {
        object: Instance,
        actions: ALL,
    },
    RoleGrant {
        object: Package,
        actions: &[Read],
    },
];

/// "all permissions on project, function, resource, instance, and job objects … plus Read
/// permission on packages and Read/Describe permissions on tables" (table Read is `Select`,
/// D2).
const O_AND_M_GRANTS: &[RoleGrant] = &[
    RoleGrant {
        object: Project,
        actions: ALL,
    },
    RoleGrant {
        object: Function,
        actions: ALL,
    },
    RoleGrant {
        object: Resource,
        actions: ALL,
    },
    RoleGrant {
        object: Instance,
        actions: ALL,
    },
    RoleGrant {
        object: Package,
        actions: &[Read],
    },
    RoleGrant {
        object: Table,
        actions: &[Describe, Select],
    },
];

const NO_PERMISSIONS: &str = "No permissions by default.";
const APPROVAL: &str =
    "By default, this role has no permissions. Permissions require approval in Security Center.";

/// Workspace Administrator.
pub const WORKSPACE_ADMINISTRATOR: RoleRow = RoleRow {
    dataworks: "Workspace Administrator",
    maxcompute: "Role_Project_Admin",
    dev: Permissions::Grants(ENGINE_ALL),
    prod: Permissions::NoneByDefault,
    seed_dev: "MaxCompute engine level: All permissions for project/table/function/resource/instance/job in the current project, and the read permission on packages.",
    seed_prod: APPROVAL,
    description: "manages the workspace's properties, data sources, engines and members; develops and deploys to production",
};

/// Development.
pub const DEVELOPMENT: RoleRow = RoleRow {
    dataworks: "Development",
    maxcompute: "Role_Project_Dev",
    dev: Permissions::Grants(ENGINE_ALL),
    prod: Permissions::NoneByDefault,
    seed_dev: "At the MaxCompute engine level: all permissions on projects, tables, functions, resources, instances, and jobs in the current project, and package's read permission.",
    seed_prod: APPROVAL,
    description: "creates workflows, scripts, resources, UDFs and tables; cannot deploy",
};

/// O&M.
pub const O_AND_M: RoleRow = RoleRow {
    dataworks: "O&M",
    maxcompute: "Role_Project_Pe",
    dev: Permissions::Grants(O_AND_M_GRANTS),
    prod: Permissions::NoneByDefault,
    seed_dev: "Has all permissions on project, function, resource, instance, and job objects in the current project, plus Read permission on packages and Read/Describe permissions on tables.",
    seed_prod: APPROVAL,
    description: "deploys and runs production operations, no data development",
};

/// Deploy.
pub const DEPLOY: RoleRow = RoleRow {
    dataworks: "Deploy",
    maxcompute: "Role_Project_Deploy",
    dev: Permissions::NoneByDefault,
    prod: Permissions::NoneByDefault,
    seed_dev: NO_PERMISSIONS,
    seed_prod: APPROVAL,
    description: "like O&M without online operations",
};

/// Visitor.
pub const VISITOR: RoleRow = RoleRow {
    dataworks: "Visitor",
    maxcompute: "Role_Project_Guest",
    dev: Permissions::NoneByDefault,
    prod: Permissions::NoneByDefault,
    seed_dev: NO_PERMISSIONS,
    seed_prod: APPROVAL,
    description: "view-only access in DataWorks",
};

/// Security Manager.
pub const SECURITY_MANAGER: RoleRow = RoleRow {
    dataworks: "Security Manager",
    maxcompute: "Role_Project_Security",
    dev: Permissions::NoneByDefault,
    prod: Permissions::NoneByDefault,
    seed_dev: NO_PERMISSIONS,
    seed_prod: APPROVAL,
    description: "Data Security Guard only: sensitive-data rules and risk audits",
};

/// Data Analyst.
pub const DATA_ANALYST: RoleRow = RoleRow {
    dataworks: "Data Analyst",
    maxcompute: "Role_Project_Data_Analyst",
    dev: Permissions::Grants(&[RoleGrant {
        object: Project,
        actions: &[CreateInstance, CreateTable],
    }]),
    prod: Permissions::NoneByDefault,
    seed_dev: "MaxCompute engine level: Has CreateInstance and CreateTable permissions in the current project.",
    seed_prod: APPROVAL,
    description: "Data Analysis module only",
};

/// Model Designer.
pub const MODEL_DESIGNER: RoleRow = RoleRow {
    dataworks: "Model Designer",
    maxcompute: "Role_Project_Erd",
    dev: Permissions::NoneByDefault,
    prod: Permissions::NoneByDefault,
    seed_dev: NO_PERMISSIONS,
    seed_prod: APPROVAL,
    description: "Data Modeling: warehouse planning, standards, dimensional models, metrics; cannot publish models",
};

/// Data Governance Administrator.
pub const DATA_GOVERNANCE_ADMINISTRATOR: RoleRow = RoleRow {
    dataworks: "Data Governance Administrator",
    maxcompute: "Role_Project_Data_Governance",
    dev: Permissions::NoneByDefault,
    prod: Permissions::NoneByDefault,
    seed_dev: NO_PERMISSIONS,
    seed_prod: APPROVAL,
    description: "Data Governance Center only; no development or O&M",
};

/// `Role_Project_Scheduler`: the production scheduling identity (a RAM user or RAM role set as
/// the production data source's default access identity) is mapped to it.
pub const SCHEDULER: RoleRow = RoleRow {
    dataworks: "Role_Project_Scheduler",
    maxcompute: "Role_Project_Scheduler",
    dev: Permissions::NoneByDefault,
    prod: Permissions::Grants(ENGINE_ALL),
    seed_dev: NO_PERMISSIONS,
    seed_prod: "MaxCompute engine level: Has all permissions on project, table, function, resource, instance, and job objects in the current project, plus the read permission on packages.",
    description: "the unified identity that schedules and runs MaxCompute tasks in production",
};

/// The workspace owner (an Alibaba Cloud account): the MaxCompute Project Owner.
pub const PROJECT_OWNER: RoleRow = RoleRow {
    dataworks: "workspace owner (Alibaba Cloud account)",
    maxcompute: "Project Owner",
    dev: Permissions::AllAsBuiltin,
    prod: Permissions::AllAsBuiltin,
    seed_dev: "As the MaxCompute project owner, this role has all permissions on the project.",
    seed_prod: "Has all permissions.",
    description: "owns both projects",
};

/// MaxCompute's built-in `Super_Administrator` (no DataWorks role maps to it).
pub const SUPER_ADMINISTRATOR: RoleRow = RoleRow {
    dataworks: "N/A",
    maxcompute: "Super_Administrator",
    dev: Permissions::AllAsBuiltin,
    prod: Permissions::AllAsBuiltin,
    seed_dev: "As the super administrator of the MaxCompute project, this role holds administrative permissions and all permissions on all resource types within it.",
    seed_prod: "Has all permissions.",
    description: "MaxCompute built-in role; assigned in MaxCompute, not by DataWorks",
};

/// MaxCompute's built-in `Admin` (no DataWorks role maps to it).
pub const ADMIN: RoleRow = RoleRow {
    dataworks: "N/A",
    maxcompute: "Admin",
    dev: Permissions::AllAsBuiltin,
    prod: Permissions::AllAsBuiltin,
    seed_dev: "When a project is created, an Admin role is automatically created with a fixed set of permissions.",
    seed_prod: "Has all permissions.",
    description: "MaxCompute built-in role; assigned in MaxCompute, not by DataWorks",
};

/// Every row of the table, in the seed's order.
pub const TABLE: [&RoleRow; 13] = [
    &WORKSPACE_ADMINISTRATOR,
    &DEVELOPMENT,
    &O_AND_M,
    &DEPLOY,
    &VISITOR,
    &SECURITY_MANAGER,
    &DATA_ANALYST,
    &MODEL_DESIGNER,
    &DATA_GOVERNANCE_ADMINISTRATOR,
    &PROJECT_OWNER,
    &SUPER_ADMINISTRATOR,
    &ADMIN,
    &SCHEDULER,
];
