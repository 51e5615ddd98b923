//! The latest-frame slot between pipeline stages: publishing overwrites, consuming takes. Bounded by
//! construction, so a slow consumer sees the newest value and stale ones are dropped (and counted), never queued.

use std::sync::{Condvar, Mutex, MutexGuard};

struct State<T> {
    value: Option<T>,
    closed: bool,
    dropped: u64,
}

pub struct LatestSlot<T> {
    state: Mutex<State<T>>,
    ready: Condvar,
}

impl<T> Default for LatestSlot<T> {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                value: None,
                closed: false,
                dropped: 0,
            }),
            ready: Condvar::new(),
        }
    }
}

impl<T> LatestSlot<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panic while holding the lock leaves plain data behind; keep going with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts `value` in the slot, replacing (dropping) one nobody took yet; returns true if it did.
    pub fn publish(&self, value: T) -> bool {
        let mut state = self.lock();
        let replaced = state.value.replace(value).is_some();
        if replaced {
            state.dropped += 1;
        }
        drop(state);
        self.ready.notify_one();
        replaced
    }

    /// Takes the value if there is one.
    pub fn take(&self) -> Option<T> {
        self.lock().value.take()
    }

    /// Waits for a value; `None` once the slot is closed and empty.
    pub fn wait_take(&self) -> Option<T> {
        let mut state = self.lock();
        loop {
            if let Some(value) = state.value.take() {
                return Some(value);
            }
            if state.closed {
                return None;
            }
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// No more values will come: wakes every waiter.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// How many values were overwritten before anyone took them.
    pub fn dropped(&self) -> u64 {
        self.lock().dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_wins_and_stale_values_are_counted() {
        let slot = LatestSlot::default();
        assert!(!slot.publish(1));
        assert!(slot.publish(2));
        assert!(slot.publish(3));
        assert_eq!(slot.take(), Some(3));
        assert_eq!(slot.take(), None);
        assert_eq!(slot.dropped(), 2);
    }

    #[test]
    fn closing_wakes_a_waiting_consumer() {
        let slot = std::sync::Arc::new(LatestSlot::<u32>::default());
        let waiter = {
            let slot = slot.clone();
            std::thread::spawn(move || slot.wait_take())
        };
        std::thread::sleep(std::time::Duration::from_millis(20));
        slot.close();
        assert_eq!(waiter.join().unwrap(), None);
    }
}
