//! End to end: the real binary in tmux, driven by keys, read from the screen.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Session(String);

impl Session {
    fn start(name: &str, args: &str) -> Option<Session> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux is not installed; .ci/run installs it");
            return None;
        }
        let bin = env!("CARGO_BIN_EXE_interview-reader");
        let name = format!("ir-e2e-{name}-{}", std::process::id());
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-x", "120", "-y", "40", "-s", &name])
            .arg(format!("{bin} {args}; echo EXITED $?; sleep 30"))
            .status()
            .ok()?;
        assert!(status.success());
        Some(Session(name))
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["send-keys", "-t", &self.0, k])
                .status()
                .unwrap();
        }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `needle` (the machine may be slow).
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return screen;
            }
            sleep(Duration::from_millis(50));
        }
    }

    fn pid(&self) -> Option<String> {
        let out = Command::new("tmux")
            .args(["list-panes", "-t", &self.0, "-F", "#{pane_pid}"])
            .output()
            .ok()?;
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let child = Command::new("pgrep").args(["-P", &shell]).output().ok()?;
        String::from_utf8_lossy(&child.stdout)
            .lines()
            .next()
            .map(str::to_string)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .status();
    }
}

#[test]
fn a_reader_session_in_tmux() {
    let Some(s) = Session::start("read", "") else {
        return;
    };
    let screen = s.wait_for("? help");
    assert!(
        screen.contains("Outline") && screen.contains("Introduction"),
        "{screen}"
    );
    s.keys(&["]"]);
    let screen = s.wait_for("§ 2/3");
    assert!(screen.contains("§ 2/3 The intervention"), "{screen}");
    s.keys(&["v", "5"]);
    let screen = s.wait_for("2 quotes");
    assert!(screen.contains("In a coffin of pockets"), "{screen}");
    s.keys(&["v", "0", "/", "Stalin", "Enter"]);
    let screen = s.wait_for("/Stalin match 1/3");
    assert!(screen.contains("/Stalin match 1/3"), "{screen}");
    Command::new("tmux")
        .args(["resize-window", "-t", &s.0, "-x", "1", "-y", "1"])
        .status()
        .unwrap();
    sleep(Duration::from_millis(300));
    Command::new("tmux")
        .args(["resize-window", "-t", &s.0, "-x", "120", "-y", "40"])
        .status()
        .unwrap();
    let screen = s.wait_for("? help");
    assert!(screen.contains("? help"), "still alive after 1×1: {screen}");
    s.keys(&["q"]);
    let screen = s.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let Some(s) = Session::start("term", "") else {
        return;
    };
    s.wait_for("? help");
    let pid = s.pid().expect("reader pid");
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let screen = s.wait_for("EXITED");
    assert!(screen.contains("EXITED 143"), "{screen}");
    assert!(!screen.contains("Outline"), "alternate screen left: {screen}");
    let out = Command::new("tmux")
        .args(["display", "-p", "-t", &s.0, "#{alternate_on} #{cursor_flag}"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "0 1",
        "normal screen, cursor shown"
    );
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    let Some(s) = Session::start("hup", "") else {
        return;
    };
    s.wait_for("? help");
    let pid = s.pid().expect("reader pid");
    Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    let screen = s.wait_for("EXITED");
    assert!(screen.contains("EXITED 129"), "{screen}");
    let out = Command::new("tmux")
        .args(["display", "-p", "-t", &s.0, "#{alternate_on}"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}
