//! IP and VPC whitelist entries (`spec/principals-labels-packages.md` §6).
//!
//! `odps.security.ip.whitelist` holds comma-separated IPv4/IPv6 addresses, CIDR blocks and
//! `a-b` ranges; `odps.security.vpc.whitelist` holds `RegionID_VPCID[ip,...]` entries (a bare
//! VPC ID admits every address of that VPC). `*` admits everything and `\N` nothing.

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A malformed entry: the byte offset of its first character in the list, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// Byte offset of the entry inside the list text.
    pub offset: usize,
    /// What was expected.
    pub message: String,
}

/// One IP whitelist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum IpEntry {
    /// `*`: every address.
    Any,
    /// `\N`: no address.
    Nothing,
    /// One address.
    Addr(IpAddr),
    /// A CIDR block.
    Net(IpNet),
    /// An inclusive range of one address family.
    Range(IpAddr, IpAddr),
}

impl IpEntry {
    /// Parse one entry, e.g. `10.0.0.1`, `10.0.0.0/8`, `10.0.0.1-10.0.0.9`, `2001:db8::/32`.
    pub fn parse(text: &str) -> Result<IpEntry, String> {
        let t = text.trim();
        if t == "*" {
            return Ok(IpEntry::Any);
        }
        if t == "\\N" {
            return Ok(IpEntry::Nothing);
        }
        if let Some((a, b)) = t.split_once('-') {
            let lo: IpAddr = a.trim().parse().map_err(|_| bad(text))?;
            let hi: IpAddr = b.trim().parse().map_err(|_| bad(text))?;
            if lo.is_ipv4() != hi.is_ipv4() {
                return Err(format!(
                    "invalid IP range `{text}`: both ends must be of one address family"
                ));
            }
            if lo > hi {
                return Err(format!("invalid IP range `{text}`: start is after end"));
            }
            return Ok(IpEntry::Range(lo, hi));
        }
        if t.contains('/') {
            return t.parse::<IpNet>().map(IpEntry::Net).map_err(|_| bad(text));
        }
        t.parse::<IpAddr>()
            .map(IpEntry::Addr)
            .map_err(|_| bad(text))
    }

    /// The first and last address the entry admits (of one family); `None` for `*` and `\N`,
    /// which are no stretch of one family.
    ///
    /// ```
    /// use mcauth::network::IpEntry;
    /// let e = IpEntry::parse("10.0.0.0/8").unwrap();
    /// let (lo, hi) = e.bounds().unwrap();
    /// assert_eq!((lo.to_string(), hi.to_string()), ("10.0.0.0".into(), "10.255.255.255".into()));
    /// assert_eq!(IpEntry::parse("*").unwrap().bounds(), None);
    /// ```
    pub fn bounds(&self) -> Option<(IpAddr, IpAddr)> {
        match self {
            IpEntry::Any | IpEntry::Nothing => None,
            IpEntry::Addr(a) => Some((*a, *a)),
            IpEntry::Net(n) => Some((n.network(), n.broadcast())),
            IpEntry::Range(lo, hi) => Some((*lo, *hi)),
        }
    }

    /// Whether `ip` is admitted by this entry.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match self {
            IpEntry::Any => true,
            IpEntry::Nothing => false,
            IpEntry::Addr(a) => *a == ip,
            IpEntry::Net(n) => n.contains(&ip),
            IpEntry::Range(lo, hi) => lo.is_ipv4() == ip.is_ipv4() && *lo <= ip && ip <= *hi,
        }
    }
}

/// The address after `ip` in its family; `None` after the last one.
///
/// ```
/// use mcauth::network::{next_ip, previous_ip};
/// let ip = "10.0.0.255".parse().unwrap();
/// assert_eq!(next_ip(ip), Some("10.0.1.0".parse().unwrap()));
/// assert_eq!(previous_ip("::".parse().unwrap()), None);
/// ```
pub fn next_ip(ip: IpAddr) -> Option<IpAddr> {
    step(ip, true)
}

/// The address before `ip` in its family; `None` before the first one.
pub fn previous_ip(ip: IpAddr) -> Option<IpAddr> {
    step(ip, false)
}

fn step(ip: IpAddr, up: bool) -> Option<IpAddr> {
    match ip {
        IpAddr::V4(a) => {
            let n = u32::from(a);
            let m = if up {
                n.checked_add(1)
            } else {
                n.checked_sub(1)
            }?;
            Some(IpAddr::V4(Ipv4Addr::from(m)))
        }
        IpAddr::V6(a) => {
            let n = u128::from(a);
            let m = if up {
                n.checked_add(1)
            } else {
                n.checked_sub(1)
            }?;
            Some(IpAddr::V6(Ipv6Addr::from(m)))
        }
    }
}

fn bad(text: &str) -> String {
    format!(
        "invalid IP whitelist entry `{text}`: expected an IPv4 or IPv6 address, a CIDR block \
         (`10.0.0.0/8`), a range (`10.0.0.1-10.0.0.9`), `*` or `\\N`"
    )
}

impl fmt::Display for IpEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpEntry::Any => f.write_str("*"),
            IpEntry::Nothing => f.write_str("\\N"),
            IpEntry::Addr(a) => write!(f, "{a}"),
            IpEntry::Net(n) => write!(f, "{n}"),
            IpEntry::Range(lo, hi) => write!(f, "{lo}-{hi}"),
        }
    }
}

impl From<IpEntry> for String {
    fn from(e: IpEntry) -> String {
        e.to_string()
    }
}

impl TryFrom<String> for IpEntry {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        IpEntry::parse(&s)
    }
}

/// One VPC whitelist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum VpcEntry {
    /// `*`: every VPC.
    Any,
    /// `\N`: no VPC.
    Nothing,
    /// `RegionID_VPCID[ip,...]` or a bare VPC ID.
    Vpc {
        /// `cn-beijing_vpc-xxx` or `vpc-xxx`, lower case.
        vpc: String,
        /// The admitted addresses inside the VPC; `None` admits all of them.
        ips: Option<Vec<IpEntry>>,
    },
}

impl VpcEntry {
    /// Whether a request arriving over VPC `vpc` (`RegionID_VPCID`) from `ip` is admitted.
    /// A bare VPC ID entry matches the VPC ID part of the request's `RegionID_VPCID`.
    pub fn admits(&self, vpc: &str, ip: Option<IpAddr>) -> bool {
        match self {
            VpcEntry::Any => true,
            VpcEntry::Nothing => false,
            VpcEntry::Vpc { vpc: id, ips } => {
                let same = vpc.eq_ignore_ascii_case(id)
                    || vpc
                        .rsplit_once('_')
                        .is_some_and(|(_, v)| v.eq_ignore_ascii_case(id));
                same && match ips {
                    None => true,
                    Some(list) => ip.is_some_and(|ip| list.iter().any(|e| e.contains(ip))),
                }
            }
        }
    }
}

impl fmt::Display for VpcEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VpcEntry::Any => f.write_str("*"),
            VpcEntry::Nothing => f.write_str("\\N"),
            VpcEntry::Vpc { vpc, ips: None } => f.write_str(vpc),
            VpcEntry::Vpc {
                vpc,
                ips: Some(ips),
            } => {
                let list: Vec<String> = ips.iter().map(ToString::to_string).collect();
                write!(f, "{vpc}[{}]", list.join(","))
            }
        }
    }
}

impl From<VpcEntry> for String {
    fn from(e: VpcEntry) -> String {
        e.to_string()
    }
}

impl TryFrom<String> for VpcEntry {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        parse_vpc_entry(&s).map_err(|e| e.message)
    }
}

fn valid_vpc_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn parse_vpc_entry(text: &str) -> Result<VpcEntry, EntryError> {
    let t = text.trim();
    let err = |offset: usize, message: String| EntryError { offset, message };
    match t {
        "*" => return Ok(VpcEntry::Any),
        "\\N" => return Ok(VpcEntry::Nothing),
        _ => {}
    }
    let (id, ips) = match t.split_once('[') {
        None => (t, None),
        Some((id, rest)) => {
            let inner = rest.strip_suffix(']').ok_or_else(|| {
                err(
                    0,
                    format!("invalid VPC whitelist entry `{text}`: expected `]` at its end"),
                )
            })?;
            let base = id.len() + 1;
            let list = parse_list(inner, ip_piece).map_err(|e| err(base + e.offset, e.message))?;
            (id, Some(list))
        }
    };
    if !valid_vpc_id(id) {
        return Err(err(
            0,
            format!(
                "invalid VPC whitelist entry `{text}`: expected RegionID_VPCID[ip,...], a VPC \
                 ID, `*` or `\\N`"
            ),
        ));
    }
    Ok(VpcEntry::Vpc {
        vpc: id.to_ascii_lowercase(),
        ips,
    })
}

/// Split `text` at top-level commas (commas inside `[...]` belong to the entry) and parse each
/// piece, reporting the byte offset of a bad one.
fn parse_list<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, EntryError>,
) -> Result<Vec<T>, EntryError> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut pieces = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                pieces.push((start, text.get(start..i).unwrap_or("")));
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push((start, text.get(start..).unwrap_or("")));
    for (offset, piece) in pieces {
        if piece.trim().is_empty() {
            return Err(EntryError {
                offset,
                message: "empty whitelist entry: expected an entry between commas".to_string(),
            });
        }
        out.push(parse(piece).map_err(|e| EntryError {
            offset: offset + e.offset,
            message: e.message,
        })?);
    }
    Ok(out)
}

/// Parse an `odps.security.ip.whitelist` value. Empty text is an empty list (feature off).
///
/// ```
/// use mcauth::network::parse_ip_whitelist;
/// let list = parse_ip_whitelist("101.132.236.134,100.116.0.0/16").unwrap();
/// assert!(list.iter().any(|e| e.contains("100.116.3.7".parse().unwrap())));
/// ```
pub fn parse_ip_whitelist(text: &str) -> Result<Vec<IpEntry>, EntryError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    parse_list(text, ip_piece)
}

fn ip_piece(piece: &str) -> Result<IpEntry, EntryError> {
    IpEntry::parse(piece).map_err(|message| EntryError { offset: 0, message })
}

/// Parse an `odps.security.vpc.whitelist` value. Empty text is an empty list (feature off).
pub fn parse_vpc_whitelist(text: &str) -> Result<Vec<VpcEntry>, EntryError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    parse_list(text, parse_vpc_entry)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn spec_e16_entries() {
        let list =
            parse_ip_whitelist("101.132.236.134,100.116.0.0/16,101.132.236.134-101.132.236.144")
                .unwrap();
        let admitted = |a: &str| list.iter().any(|e| e.contains(ip(a)));
        assert!(admitted("100.116.3.7"));
        assert!(admitted("101.132.236.140"));
        assert!(!admitted("8.8.8.8"));
    }

    #[test]
    fn ipv6_and_special_entries() {
        let list =
            parse_ip_whitelist("2001:db8::/32,2001:db8:1:1:1:1:1:1-2001:db8:4:4:4:4:4:4").unwrap();
        assert!(list.iter().any(|e| e.contains(ip("2001:db8::5"))));
        assert!(!list.iter().any(|e| e.contains(ip("10.0.0.1"))));
        assert!(IpEntry::parse("*").unwrap().contains(ip("1.2.3.4")));
        assert!(!IpEntry::parse("\\N").unwrap().contains(ip("1.2.3.4")));
    }

    #[test]
    fn bad_entries_report_their_offset() {
        let e = parse_ip_whitelist("10.0.0.1,300.1.1.1").unwrap_err();
        assert_eq!(e.offset, 9);
        assert!(e.message.contains("`300.1.1.1`"));
        assert_eq!(
            parse_ip_whitelist("10.0.0.1,,1.1.1.1").unwrap_err().offset,
            9
        );
        assert!(parse_ip_whitelist("10.0.0.9-10.0.0.1").is_err());
        assert!(parse_ip_whitelist("10.0.0.1-::1").is_err());
    }

    #[test]
    fn vpc_entries() {
        let list =
            parse_vpc_whitelist("cn-beijing_vpc-xxx[192.168.0.10,192.168.0.20],vpc-yyy").unwrap();
        let ok = |vpc: &str, a: &str| list.iter().any(|e| e.admits(vpc, Some(ip(a))));
        assert!(ok("cn-beijing_vpc-xxx", "192.168.0.10"));
        assert!(!ok("cn-beijing_vpc-xxx", "192.168.0.11"));
        assert!(ok("cn-hangzhou_vpc-yyy", "10.9.9.9"));
        assert!(!ok("cn-hangzhou_vpc-zzz", "10.9.9.9"));
        let e = parse_vpc_whitelist("vpc-a[1.2.3.4,bad]").unwrap_err();
        assert_eq!(e.offset, 14);
    }

    #[test]
    fn bounds_and_steps_stay_in_their_family() {
        assert_eq!(
            IpEntry::parse("1.1.1.1-1.1.1.9").unwrap().bounds(),
            Some((ip("1.1.1.1"), ip("1.1.1.9")))
        );
        assert_eq!(
            IpEntry::parse("2001:db8::/127").unwrap().bounds(),
            Some((ip("2001:db8::"), ip("2001:db8::1")))
        );
        assert_eq!(IpEntry::parse("\\N").unwrap().bounds(), None);
        assert_eq!(next_ip(ip("255.255.255.255")), None);
        assert_eq!(previous_ip(ip("0.0.0.0")), None);
        assert_eq!(previous_ip(ip("10.0.1.0")), Some(ip("10.0.0.255")));
        assert_eq!(next_ip(ip("::ffff")), Some(ip("::1:0")));
        assert_eq!(next_ip(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")), None);
    }

    #[test]
    fn entries_round_trip_through_strings() {
        for t in ["*", "\\N", "10.0.0.0/8", "1.1.1.1-1.1.1.9", "::1"] {
            let e = IpEntry::parse(t).unwrap();
            assert_eq!(IpEntry::parse(&e.to_string()).unwrap(), e);
        }
    }
}
