//! Ctrl-C reaches whichever session is running. The shell's SIGINT handler calls
//! `session::interrupt_all`; a `.lesson` or `.practice` runs the learner's code in sessions of its
//! own, opened after the shell's, and those must stop too. (A test binary of its own: interrupting
//! every live session would stop other tests' sessions running in the same process.)

use std::time::Duration;

use ormlab::db::Database;
use ormlab::session::{Session, interrupt_all};

fn session() -> Session {
    Session::new(Database::open_sample().unwrap()).unwrap()
}

/// Runs `input` in `s` while another thread calls `interrupt_all` after a moment; the error class.
fn interrupted_while_running(s: &mut Session, input: &str) -> Option<String> {
    let stopper = std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(200));
        interrupt_all();
    });
    let outcome = s.eval(input);
    stopper.join().unwrap();
    outcome.error.map(|e| e.class)
}

#[test]
fn ctrl_c_stops_the_running_session_whichever_it_is() {
    // The shell's session, idle while a lesson's session (opened later) runs the learner's code.
    let mut shell = session();
    let mut lesson = session();
    let error = interrupted_while_running(&mut lesson, "while True:\n    pass");
    assert_eq!(error.as_deref(), Some("KeyboardInterrupt"));

    // A long query is stopped in SQLite, and raises KeyboardInterrupt too.
    let endless = "from django.db import connection\n\
                   c = connection.cursor()\n\
                   c.execute('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n')";
    let error = interrupted_while_running(&mut lesson, endless);
    assert_eq!(error.as_deref(), Some("KeyboardInterrupt"));

    // The idle shell session was interrupted too, and is unaffected: its next input runs.
    let o = shell.eval("Book.objects.count()");
    assert!(o.error.is_none(), "{:?}", o.error);
    let o = lesson.eval("Book.objects.filter(pk=1).count()");
    assert!(o.error.is_none(), "{:?}", o.error);

    // The shell's own session, once the lesson's is gone, is still reached.
    drop(lesson);
    let error = interrupted_while_running(&mut shell, "while True:\n    pass");
    assert_eq!(error.as_deref(), Some("KeyboardInterrupt"));
}
