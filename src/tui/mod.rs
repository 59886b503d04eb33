//! The terminal reader (SPEC §6): set up the terminal, turn events into actions, draw, and
//! always give the terminal back — on `q`, on a panic, and on SIGINT/SIGTERM/SIGHUP/SIGQUIT.

pub mod action;
pub mod app;
pub mod keymap;
pub mod layout;
pub mod outline;
pub mod overlay;
pub mod quote_list;
pub mod reader;
pub mod scroll;
pub mod search;
pub mod status;
pub mod theme;
pub mod topics_pane;
pub mod ui;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, MouseEventKind};
use ratatui::crossterm::execute;
use ratatui::{DefaultTerminal, Terminal, backend::Backend};

use crate::cli::{Failure, Global, ReaderDocument};
use crate::document::Document;
use action::Action;
use app::App;
use theme::Theme;

/// How often the loop wakes to notice a signal when no key comes.
const POLL: Duration = Duration::from_millis(50);

/// Open the reader on `doc` and run it until the user quits or a signal arrives.
pub fn run(loaded: ReaderDocument, global: &Global) -> Result<(), Failure> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::pick(global.theme, no_color);
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .map_err(|e| Failure::error(format!("cannot watch for signals: {e}")))?;
    }
    let mut terminal = open_terminal()?;
    watch_for_a_lost_terminal(Arc::clone(&signal));
    let size = terminal.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut app = App::new(loaded.doc, theme, size);
    if loaded.rest.is_some() {
        app.indexing = Some(std::time::Instant::now());
    }
    let result = event_loop(&mut terminal, &mut app, &signal, loaded.rest);
    close_terminal();
    match signal.load(Ordering::SeqCst) {
        0 => result.map_err(|e| Failure::error(format!("terminal error: {e}"))),
        sig => std::process::exit(128 + sig as i32),
    }
}

/// Enter the alternate screen and raw mode with mouse capture; restore on panic.
fn open_terminal() -> Result<DefaultTerminal, Failure> {
    let terminal = ratatui::try_init().map_err(|e| {
        Failure::error(format!(
            "no terminal to draw on ({}); pipe the output (`interview-reader FILE | less`) \
             or use a command such as `outline`",
            crate::document::decode::io_reason(&e)
        ))
    })?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        close_terminal();
        eprintln!("interview-reader stopped on an internal error (the terminal has been restored):");
        previous(info);
    }));
    if let Err(e) = execute!(io::stdout(), EnableMouseCapture) {
        close_terminal();
        return Err(Failure::error(format!("cannot set up the terminal: {e}")));
    }
    Ok(terminal)
}

/// How often the watchdog looks, and how long a signal may wait for the event loop.
const WATCHDOG_TICK: Duration = Duration::from_millis(250);

/// A thread that ends the program when the event loop cannot: once the terminal is hung up
/// (its window closed, `tmux kill-session`), crossterm's read of it returns at once, forever,
/// and the loop never gets back to look at the signal flag. Without this the reader would
/// spin on a dead terminal and ignore SIGTERM.
fn watch_for_a_lost_terminal(signal: Arc<AtomicUsize>) {
    // A reader drawing on a pty that is not its controlling terminal (started under
    // `setsid`, say) never had a /dev/tty: only losing one that was there means a hang-up.
    let had_tty = std::fs::File::open("/dev/tty").is_ok();
    std::thread::spawn(move || {
        let mut signalled_ticks = 0;
        loop {
            std::thread::sleep(WATCHDOG_TICK);
            let sig = signal.load(Ordering::SeqCst);
            if sig != 0 {
                signalled_ticks += 1;
            }
            // The loop had four ticks to notice the signal and exit by itself.
            if signalled_ticks > 4 {
                close_terminal();
                std::process::exit(128 + sig as i32);
            }
            if had_tty && std::fs::File::open("/dev/tty").is_err() {
                // No controlling terminal any more: the session was hung up.
                std::process::exit(128 + signal_hook::consts::SIGHUP);
            }
        }
    });
}

/// Leave the alternate screen, show the cursor, release the mouse, restore cooked mode.
fn close_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = execute!(io::stdout(), Show);
}

/// Set to make the reader panic after its first frame, so tests can check that a panic
/// restores the terminal before its message is printed (SECURITY.md).
const PANIC_TEST_VAR: &str = "INTERVIEW_READER_TEST_PANIC";

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signal: &AtomicUsize,
    mut rest: Option<Receiver<Document>>,
) -> io::Result<()> {
    draw(terminal, app)?;
    if std::env::var_os(PANIC_TEST_VAR).is_some() {
        panic!("deliberate panic requested by {PANIC_TEST_VAR}");
    }
    while app.running && signal.load(Ordering::SeqCst) == 0 {
        if let Some(receiver) = &rest {
            match receiver.try_recv() {
                Ok(doc) => {
                    app.replace_document(doc);
                    rest = None;
                    draw(terminal, app)?;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    // The indexing thread died (a bug): keep reading the preview, say so.
                    app.indexing = None;
                    app.notice = Some("indexing failed; showing the start only".into());
                    rest = None;
                    draw(terminal, app)?;
                }
            }
        }
        if !event::poll(POLL)? {
            if app.indexing.is_some() {
                draw(terminal, app)?; // the status line counts the seconds
            }
            continue;
        }
        if let Some(action) = action_for(&event::read()?, app) {
            app.update(action);
            draw(terminal, app)?;
        }
    }
    Ok(())
}

/// Draw one frame (generic so tests can draw on a `TestBackend`).
pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App) -> Result<(), B::Error> {
    terminal.draw(|frame| ui::render(frame, app)).map(|_| ())
}

/// The action an event asks for in the app's current mode.
pub fn action_for(event: &Event, app: &App) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != event::KeyEventKind::Release => keymap::resolve(key, app.mode),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                down: false,
            }),
            MouseEventKind::Down(event::MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}
