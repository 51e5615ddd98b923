//! Frame sources and threads with bad input: a corrupt image, a truncated clip, an empty folder; and the
//! latest-frame pipeline: a slow stage drops stale frames, results keep their frame's number, a source that fails
//! for a while is retried until it comes back.

#![cfg(not(target_arch = "wasm32"))] // ONNX Runtime, threads and files: native only
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use vision::input::source::{Frame, FrameSource, ImageFiles, SourceError, Y4mClip, open_input};
use vision::live::threads::{PipelineStatus, PipelineThreads};
use vision::pixels::image_ops::RgbImage;

fn temp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("vision-sources");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn corrupt_image_names_the_file() {
    let path = temp("corrupt.jpg");
    std::fs::write(&path, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F']).unwrap();
    let err = ImageFiles::still(&path).next_frame().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("corrupt.jpg") && text.contains("not a readable image"),
        "{text}"
    );
}

#[test]
fn truncated_clip_names_the_frame() {
    let path = temp("truncated.y4m");
    let mut bytes = b"YUV4MPEG2 W4 H2 F30:1 C420jpeg\nFRAME\n".to_vec();
    bytes.extend([128u8; 12]);
    bytes.extend(b"FRAME\n");
    bytes.extend([128u8; 5]);
    std::fs::write(&path, bytes).unwrap();
    let mut clip = Y4mClip::open(&path).unwrap();
    assert!(clip.next_frame().unwrap().is_some());
    let text = clip.next_frame().unwrap_err().to_string();
    assert!(
        text.contains("truncated.y4m") && text.contains("frame 1 is truncated"),
        "{text}"
    );
}

#[test]
fn empty_folder_and_missing_file_are_clear() {
    let dir = temp("empty-folder");
    std::fs::create_dir_all(&dir).unwrap();
    let text = open_input(&dir).err().unwrap().to_string();
    assert!(
        text.contains("holds no .png, .jpg or .jpeg images"),
        "{text}"
    );
    let text = ImageFiles::still(&temp("absent.png"))
        .next_frame()
        .unwrap_err()
        .to_string();
    assert!(text.contains("absent.png"), "{text}");
}

/// Frames as fast as asked, numbered, from nothing.
struct Counter {
    next: u64,
    limit: u64,
    fail_first: u32,
    failures: Arc<AtomicU32>,
}

impl FrameSource for Counter {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        if self.failures.load(Ordering::SeqCst) < self.fail_first {
            return Err(SourceError::CameraLost {
                index: 0,
                reason: "unplugged".into(),
            });
        }
        if self.next == self.limit {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(1));
        self.next += 1;
        Ok(Some(Frame {
            sequence: self.next - 1,
            timestamp_secs: 0.0,
            captured_at: web_time::Instant::now(),
            image: RgbImage::new(2, 2),
            name: None,
            capture_ms: 0.0,
        }))
    }

    fn describe(&self) -> String {
        "counter".into()
    }

    fn reconnect(&mut self) -> Result<(), SourceError> {
        self.failures.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[test]
fn a_slow_stage_drops_stale_frames_instead_of_queueing_them() {
    let threads = PipelineThreads::spawn(
        || {
            Ok(Box::new(Counter {
                next: 0,
                limit: 200,
                fail_first: 0,
                failures: Arc::default(),
            }) as Box<dyn FrameSource>)
        },
        || {
            Ok(|frame: Frame| {
                std::thread::sleep(Duration::from_millis(15));
                Ok(frame.sequence)
            })
        },
        false,
    );
    let mut seen = Vec::new();
    while let Some(sequence) = threads.wait_result() {
        seen.push(sequence);
    }
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "results out of order: {seen:?}"
    );
    assert!(
        seen.len() < 100,
        "a 15 ms stage cannot have seen {} of 200 fast frames",
        seen.len()
    );
    assert!(
        threads.dropped_frames() > 50,
        "dropped {}",
        threads.dropped_frames()
    );
    assert_eq!(threads.status(), PipelineStatus::Ended);
    threads.stop_and_join();
}

#[test]
fn a_lost_camera_is_retried_until_it_returns() {
    let failures = Arc::new(AtomicU32::new(0));
    let threads = {
        let failures = failures.clone();
        PipelineThreads::spawn(
            move || {
                Ok(Box::new(Counter {
                    next: 0,
                    limit: 5,
                    fail_first: 2,
                    failures: failures.clone(),
                }) as Box<dyn FrameSource>)
            },
            || Ok(|frame: Frame| Ok(frame.sequence)),
            false,
        )
    };
    let mut seen = Vec::new();
    while let Some(sequence) = threads.wait_result() {
        seen.push(sequence);
    }
    assert_eq!(failures.load(Ordering::SeqCst), 2, "reconnected twice");
    assert!(
        !seen.is_empty(),
        "frames flowed again after the camera came back"
    );
    threads.stop_and_join();
}

#[test]
fn a_stage_that_cannot_start_reports_why() {
    let threads: PipelineThreads<u64> = PipelineThreads::spawn(
        || {
            Ok(Box::new(Counter {
                next: 0,
                limit: u64::MAX,
                fail_first: 0,
                failures: Arc::default(),
            }) as Box<dyn FrameSource>)
        },
        || Err::<fn(Frame) -> Result<u64, String>, _>("model x.onnx does not exist".to_string()),
        false,
    );
    assert_eq!(threads.wait_result(), None);
    assert_eq!(
        threads.status(),
        PipelineStatus::Failed("model x.onnx does not exist".into())
    );
    threads.stop_and_join();
}
