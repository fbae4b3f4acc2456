//! The codes records use (records.md): roles, data items and check items, with the Chinese
//! names printed on the forms. Unknown codes are `unknown-reference`, so these are parsed from
//! strings after reading rather than by serde.

/// A role in `office.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Director,
    Secretary,
    SectionChief,
    Sysadmin,
    SysadminDeputy,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Director,
        Role::Secretary,
        Role::SectionChief,
        Role::Sysadmin,
        Role::SysadminDeputy,
        Role::Auditor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Director => "director",
            Role::Secretary => "secretary",
            Role::SectionChief => "section-chief",
            Role::Sysadmin => "sysadmin",
            Role::SysadminDeputy => "sysadmin-deputy",
            Role::Auditor => "auditor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Director => "主任",
            Role::Secretary => "秘書",
            Role::SectionChief => "股長",
            Role::Sysadmin => "系統管理人員",
            Role::SysadminDeputy => "職務代理人",
            Role::Auditor => "內部稽核小組成員",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// 三 業務範圍: what an account may query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    EntryExit,
    MainlandHkMacao,
    ForeignResidence,
}

impl Item {
    pub const ALL: [Item; 3] = [
        Item::EntryExit,
        Item::MainlandHkMacao,
        Item::ForeignResidence,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Item::EntryExit => "entry-exit",
            Item::MainlandHkMacao => "mainland-hk-macao",
            Item::ForeignResidence => "foreign-residence",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Item::EntryExit => "入、出境資訊",
            Item::MainlandHkMacao => "大陸港澳及無戶籍人士申請來臺資訊",
            Item::ForeignResidence => "外籍人士居、停留資訊",
        }
    }

    pub fn from_code(s: &str) -> Option<Item> {
        Item::ALL.into_iter().find(|i| i.code() == s)
    }
}

/// Check items of 附件二 (the first four) and 附表三 (all six).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckItem {
    AccountApplication,
    DutyChangeTermination,
    QueryNecessity,
    SecurityMeasures,
    LogRetention,
    AuditFrequency,
}

impl CheckItem {
    pub const ALL: [CheckItem; 6] = [
        CheckItem::AccountApplication,
        CheckItem::DutyChangeTermination,
        CheckItem::QueryNecessity,
        CheckItem::SecurityMeasures,
        CheckItem::LogRetention,
        CheckItem::AuditFrequency,
    ];

    /// The four items of a monthly (附件二) or internal audit.
    pub const AUDIT: [CheckItem; 4] = [
        CheckItem::AccountApplication,
        CheckItem::DutyChangeTermination,
        CheckItem::QueryNecessity,
        CheckItem::SecurityMeasures,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CheckItem::AccountApplication => "account-application",
            CheckItem::DutyChangeTermination => "duty-change-termination",
            CheckItem::QueryNecessity => "query-necessity",
            CheckItem::SecurityMeasures => "security-measures",
            CheckItem::LogRetention => "log-retention",
            CheckItem::AuditFrequency => "audit-frequency",
        }
    }

    /// The text printed on the forms.
    pub fn label(self) -> &'static str {
        match self {
            CheckItem::AccountApplication => "帳號申請是否依規定辦理。",
            CheckItem::DutyChangeTermination => "使用者職務異動，是否依規定終止帳號使用權限。",
            CheckItem::QueryNecessity => {
                "定期稽核系統查詢資料使用範圍、使用頻率、及使用欄位是否均合於目的之必要性。"
            }
            CheckItem::SecurityMeasures => "處理個人資料之安全維護措施及資料安全管理作業。",
            CheckItem::LogRetention => "應用移民資料日誌保存年限至少五年",
            CheckItem::AuditFrequency => "每年至少辦理二次以上之不定期稽核作業。",
        }
    }

    pub fn from_code(s: &str) -> Option<CheckItem> {
        CheckItem::ALL.into_iter().find(|i| i.code() == s)
    }
}
