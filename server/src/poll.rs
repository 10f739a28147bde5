//! A minimal epoll binding (Linux): just what a single-threaded event loop needs.
//! Declared by hand to stay dependency-free; each call is checked.

use std::io;
use std::os::fd::RawFd;

pub const READABLE: u32 = 0x001; // EPOLLIN
pub const WRITABLE: u32 = 0x004; // EPOLLOUT
pub const ERROR: u32 = 0x008; // EPOLLERR
pub const HANGUP: u32 = 0x010; // EPOLLHUP
pub const PEER_CLOSED: u32 = 0x2000; // EPOLLRDHUP

const CTL_ADD: i32 = 1;
const CTL_DEL: i32 = 2;
const CTL_MOD: i32 = 3;
const CLOEXEC: i32 = 0o2000000;

/// `struct epoll_event`: packed on x86-64, naturally aligned elsewhere.
#[cfg_attr(target_arch = "x86_64", repr(C, packed))]
#[cfg_attr(not(target_arch = "x86_64"), repr(C))]
#[derive(Clone, Copy)]
pub struct Event {
    pub events: u32,
    pub token: u64,
}

extern "C" {
    fn epoll_create1(flags: i32) -> i32;
    fn epoll_ctl(epfd: i32, op: i32, fd: i32, event: *mut Event) -> i32;
    fn epoll_wait(epfd: i32, events: *mut Event, maxevents: i32, timeout: i32) -> i32;
    fn close(fd: i32) -> i32;
}

pub struct Poller {
    fd: RawFd,
}

impl Poller {
    pub fn new() -> io::Result<Poller> {
        // SAFETY: plain syscall wrapper; the result is checked.
        let fd = unsafe { epoll_create1(CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Poller { fd })
    }

    fn ctl(&self, op: i32, fd: RawFd, interest: u32, token: u64) -> io::Result<()> {
        let mut ev = Event {
            events: interest,
            token,
        };
        // SAFETY: `ev` outlives the call; the kernel copies it.
        let rc = unsafe { epoll_ctl(self.fd, op, fd, &mut ev) };
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    pub fn add(&self, fd: RawFd, interest: u32, token: u64) -> io::Result<()> {
        self.ctl(CTL_ADD, fd, interest, token)
    }

    pub fn modify(&self, fd: RawFd, interest: u32, token: u64) -> io::Result<()> {
        self.ctl(CTL_MOD, fd, interest, token)
    }

    pub fn remove(&self, fd: RawFd) -> io::Result<()> {
        self.ctl(CTL_DEL, fd, 0, 0)
    }

    /// Waits up to `timeout_ms` for events; an interrupted wait (a signal) returns none.
    pub fn wait(&self, events: &mut [Event], timeout_ms: i32) -> io::Result<usize> {
        // SAFETY: the buffer is valid for `events.len()` entries.
        let n = unsafe { epoll_wait(self.fd, events.as_mut_ptr(), events.len() as i32, timeout_ms) };
        if n < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                return Ok(0);
            }
            return Err(err);
        }
        Ok(n as usize)
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        // SAFETY: we own this descriptor.
        unsafe {
            close(self.fd);
        }
    }
}
