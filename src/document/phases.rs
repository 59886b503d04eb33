//! Where a parse spends its time and memory, for whoever profiles it (SPEC §8): with
//! `INTERVIEW_READER_PHASES=1` in the environment each phase prints, on stderr, the seconds
//! since parsing began and, on Linux, the peak and current resident memory.

use std::time::Instant;

/// The clock of one parse; silent unless the environment asks.
pub struct Phases {
    start: Instant,
    enabled: bool,
}

impl Phases {
    /// The clock, started by the first call in the process (reading the file, for a
    /// command), so that every phase of a load is timed from one moment.
    pub fn start() -> Phases {
        static FIRST: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        Phases {
            start: *FIRST.get_or_init(Instant::now),
            enabled: std::env::var_os("INTERVIEW_READER_PHASES").is_some_and(|v| v != "0"),
        }
    }

    /// Report that `phase` has just finished.
    pub fn mark(&self, phase: &str) {
        if self.enabled {
            eprintln!(
                "interview-reader: {:>8.3} s  {phase:<12} {}{}",
                self.start.elapsed().as_secs_f64(),
                cpu(),
                memory()
            );
        }
    }
}

/// Processor time used so far by all threads, as the kernel reports it (in 10 ms ticks):
/// beside the clock, it tells which phases keep both cores busy.
fn cpu() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => format!("cpu {:>6.2} s  ", (user + system) as f64 / 100.0),
        _ => String::new(),
    }
}

/// Peak and current resident memory, as the kernel reports them.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map_or(String::new(), |v| v.trim().to_string())
    };
    match (field("VmHWM:"), field("VmRSS:")) {
        (peak, now) if !peak.is_empty() => format!("peak {peak}, now {now}"),
        _ => String::new(),
    }
}
