//! The seam between the pipelines and an inference backend: an async-shaped `run` on preallocated buffers, so the
//! same pipeline code drives ONNX Runtime natively (where the future is ready at once) and ort-web in the browser
//! (where only `run_async` exists).

use std::future::Future;
use std::path::PathBuf;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use thiserror::Error;

pub use ort_env::ORT_VERSION;

#[derive(Debug, Error)]
pub enum InferenceError {
    /// The ONNX Runtime library is missing or does not load.
    #[error(transparent)]
    Runtime(#[from] ort_env::RuntimeError),
    #[error(
        "model file {path} does not exist (expected the ONNX models under assets/ml/; `cargo xtask models` re-creates them)"
    )]
    ModelMissing { path: PathBuf },
    #[error("cannot open model {path}: {reason}")]
    ModelLoad { path: PathBuf, reason: String },
    #[error("model {path} takes input {found:?}, expected {expected:?} (is it the right model?)")]
    InputShape {
        path: PathBuf,
        found: Vec<i64>,
        expected: Vec<i64>,
    },
    #[error("model {path} has no output named {name:?} (it has {found:?}; is it the right model?)")]
    OutputMissing {
        path: PathBuf,
        name: String,
        found: Vec<String>,
    },
    #[error("model {path}: output {name:?} has {found} values, expected {expected}")]
    OutputSize {
        path: PathBuf,
        name: String,
        found: usize,
        expected: usize,
    },
    #[error("running {model}: {reason}")]
    Inference { model: String, reason: String },
}

/// A model that turns one NHWC float input into its outputs, in the order its pipeline asked for at open.
pub trait InferenceModel {
    /// A short name for messages and timings (the file name).
    fn name(&self) -> &str;

    /// Runs the model on `input`; `outputs[i]` is cleared and refilled (its capacity is reused every frame).
    fn run(
        &mut self,
        input: &[f32],
        outputs: &mut [Vec<f32>],
    ) -> impl Future<Output = Result<(), InferenceError>>;
}

/// Checks that an output holds exactly `expected` values.
pub fn expect_len(
    model: &impl InferenceModel,
    outputs: &[Vec<f32>],
    index: usize,
    expected: usize,
) -> Result<(), InferenceError> {
    let found = outputs.get(index).map_or(0, Vec::len);
    if found == expected {
        Ok(())
    } else {
        Err(InferenceError::OutputSize {
            path: PathBuf::from(model.name()),
            name: format!("#{index}"),
            found,
            expected,
        })
    }
}

struct ThreadWaker(std::thread::Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Drives a future to completion on the current thread (native threads only; the browser awaits instead).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(value) => return value,
            Poll::Pending => std::thread::park(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_on_waits_for_a_wake_from_another_thread() {
        struct Once(
            Option<std::thread::JoinHandle<()>>,
            Arc<std::sync::atomic::AtomicBool>,
        );
        impl Future for Once {
            type Output = u32;
            fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
                if self.1.load(std::sync::atomic::Ordering::SeqCst) {
                    return Poll::Ready(7);
                }
                if self.0.is_none() {
                    let waker = cx.waker().clone();
                    let flag = self.1.clone();
                    self.0 = Some(std::thread::spawn(move || {
                        flag.store(true, std::sync::atomic::Ordering::SeqCst);
                        waker.wake();
                    }));
                }
                Poll::Pending
            }
        }
        assert_eq!(block_on(Once(None, Arc::default())), 7);
    }
}
