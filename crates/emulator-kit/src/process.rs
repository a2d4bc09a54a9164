//! An emulator command as its own tests run it: started on a free loopback port with its output
//! piped, its start-up lines read, and stopped with what it logged on stderr.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

/// A running emulator command.
#[derive(Debug)]
pub struct Launched {
    child: Option<Child>,
    /// The first stdout line: the address it listens on.
    pub addr: String,
    /// The `lines` start-up lines after the address.
    pub lines: Vec<String>,
}

impl Launched {
    /// Starts `binary --listen 127.0.0.1:0 ARGS…` and reads the address and `lines` more
    /// start-up lines. Panics (it is for tests) when the command does not start or prints less.
    pub fn start(binary: &str, args: &[&str], lines: usize) -> Launched {
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut read = BufReader::new(stdout).lines().map_while(Result::ok);
        let addr = read.next().expect("the first stdout line is the address");
        let lines = read.by_ref().take(lines).collect();
        Launched {
            child: Some(child),
            addr,
            lines,
        }
    }

    /// Stops the command and returns what it logged.
    pub fn stop(mut self) -> String {
        let mut logs = String::new();
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut logs);
            }
            let _ = child.wait();
        }
        logs
    }
}

impl Drop for Launched {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
