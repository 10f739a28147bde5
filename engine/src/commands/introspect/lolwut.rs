//! LOLWUT (lolwut.c, lolwut5.c, lolwut6.c). Redis 7.0 has no art of its own: without
//! VERSION it prints its version; VERSION 5 draws Georg Nees' "Schotter" (squares that
//! tumble more the lower the row; rows below the second use random draws), VERSION 6
//! a city skyline (random throughout). The canvas and float arithmetic follow the C
//! code so that every deterministic drawing is byte-for-byte Redis's; the random draws
//! come from the engine's generator.

use crate::exec::{CmdResult, Ctx};
use crate::reply::{Reply, NOT_INTEGER};

struct Canvas {
    width: i64,
    height: i64,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: i64, height: i64, color: u8) -> Canvas {
        Canvas {
            width,
            height,
            pixels: vec![color; (width * height) as usize],
        }
    }

    fn set(&mut self, x: i64, y: i64, color: u8) {
        if x < 0 || x >= self.width || y < 0 || y >= self.height {
            return;
        }
        self.pixels[(x + y * self.width) as usize] = color;
    }

    fn get(&self, x: i64, y: i64) -> u8 {
        if x < 0 || x >= self.width || y < 0 || y >= self.height {
            return 0;
        }
        self.pixels[(x + y * self.width) as usize]
    }

    /// `lwDrawLine`: Bresenham.
    fn line(&mut self, mut x1: i64, mut y1: i64, x2: i64, y2: i64, color: u8) {
        let dx = (x2 - x1).abs();
        let dy = (y2 - y1).abs();
        let sx = if x1 < x2 { 1 } else { -1 };
        let sy = if y1 < y2 { 1 } else { -1 };
        let mut err = dx - dy;
        loop {
            self.set(x1, y1, color);
            if x1 == x2 && y1 == y2 {
                break;
            }
            let e2 = err * 2;
            if e2 > -dy {
                err -= dy;
                x1 += sx;
            }
            if e2 < dx {
                err += dx;
                y1 += sy;
            }
        }
    }

    /// `lwDrawSquare`, with C's float and double steps (and its constant for √2).
    #[allow(clippy::approx_constant)]
    fn square(&mut self, x: i64, y: i64, size: f32, angle: f32, color: u8) {
        let size = (f64::from(size) / 1.4142135623) as f32;
        let size = f64::from(size).round() as f32;
        let mut px = [0i64; 4];
        let mut py = [0i64; 4];
        let mut k = (std::f64::consts::PI / 4.0 + f64::from(angle)) as f32;
        for j in 0..4 {
            px[j] = (f64::from(k).sin() * f64::from(size) + x as f64).round() as i64;
            py[j] = (f64::from(k).cos() * f64::from(size) + y as f64).round() as i64;
            k = (f64::from(k) + std::f64::consts::PI / 2.0) as f32;
        }
        for j in 0..4 {
            self.line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4], color);
        }
    }
}

/// C's `rand()` as the engine draws it: 0..=RAND_MAX.
const RAND_MAX: u64 = 2_147_483_647;

fn rand(ctx: &mut Ctx) -> i64 {
    ctx.rng().below(RAND_MAX + 1) as i64
}

/// `getLongFromObjectOrReply` for LOLWUT's optional numeric arguments.
fn long_arg(args: &[Vec<u8>], i: usize, default: i64) -> Result<i64, Reply> {
    match args.get(i) {
        Some(a) => crate::num::parse_i64(a).ok_or_else(|| Reply::err(NOT_INTEGER)),
        None => Ok(default),
    }
}

/// The pixels a drawing would fill (the canvas grows with the columns and, for
/// Schotter, with the ratio of rows to columns of squares).
pub(super) fn lolwut_cost(c: &crate::budget::CostInput) -> Option<crate::budget::Estimate> {
    let mut args = c.argv.to_vec();
    let mut version = crate::REDIS_VERSION.to_string();
    if args.len() >= 3 && args[1].eq_ignore_ascii_case(b"version") {
        version = format!("{}.0.0", crate::num::parse_i64(&args[2])? as u32);
        args.drain(1..3);
    }
    let arg = |i: usize, default: i64, max: i64| long_arg(&args, i, default).ok().map(|v| v.clamp(1, max));
    let pixels = match drawing(&version) {
        Drawing::Schotter => {
            let width = arg(1, 66, 1000)? * 2;
            let (per_row, per_col) = (arg(2, 8, 200)?, arg(3, 12, 200)?);
            let height = (width as f32 / per_row as f32 * per_col as f32) as i64 + 4;
            width * height + per_row * per_col * width / per_row.max(1) * 4
        }
        Drawing::Skyline => arg(1, 80, 1000)? * arg(2, 20, 1000)? * 4,
        Drawing::Version => 0,
    };
    crate::budget::Estimate::new(pixels as u64, 100, "pixels")
}

enum Drawing {
    Schotter,
    Skyline,
    Version,
}

/// Which art a version string asks for (lolwut.c's tests on its first characters).
#[allow(clippy::nonminimal_bool)]
fn drawing(version: &str) -> Drawing {
    let v = version.as_bytes();
    if (v[0] == b'5' && v[1] == b'.' && v[2] != b'9') || (v[0] == b'4' && v[1] == b'.' && v[2] == b'9') {
        Drawing::Schotter
    } else if (v[0] == b'6' && v[1] == b'.' && v[2] != b'9') || (v[0] == b'5' && v[1] == b'.' && v[2] == b'9') {
        Drawing::Skyline
    } else {
        Drawing::Version
    }
}

pub(super) fn lolwut(ctx: &mut Ctx) -> CmdResult {
    let mut version = crate::REDIS_VERSION.to_string();
    let mut args: Vec<Vec<u8>> = ctx.argv.to_vec();
    if ctx.argc() >= 3 && ctx.is(1, "version") {
        let v = ctx.int_arg(2)?;
        version = format!("{}.0.0", v as u32);
        // The version-specific drawings do not know the VERSION option.
        args.drain(1..3);
    }
    let text = match drawing(&version) {
        Drawing::Schotter => schotter(ctx, &args)?,
        Drawing::Skyline => skyline(ctx, &args)?,
        Drawing::Version => format!("Redis ver. {}\n", crate::REDIS_VERSION).into_bytes(),
    };
    Ok(Reply::Verbatim("txt", text))
}

/// `lwTranslatePixelsGroup`: a 2x4 block of pixels as a braille character.
fn braille(byte: u32, out: &mut Vec<u8>) {
    let code = 0x2800 + byte;
    out.push(0xE0 | (code >> 12) as u8);
    out.push(0x80 | ((code >> 6) & 0x3F) as u8);
    out.push(0x80 | (code & 0x3F) as u8);
}

/// LOLWUT VERSION 5 [columns] [squares-per-row] [squares-per-column].
fn schotter(ctx: &mut Ctx, args: &[Vec<u8>]) -> Result<Vec<u8>, Reply> {
    let cols = long_arg(args, 1, 66)?.clamp(1, 1000);
    let per_row = long_arg(args, 2, 8)?.clamp(1, 200);
    let per_col = long_arg(args, 3, 12)?.clamp(1, 200);

    let width = cols * 2;
    let padding = if width > 4 { 2 } else { 0 };
    let side = (width - padding * 2) as f32 / per_row as f32;
    let height = (side * per_col as f32 + (padding * 2) as f32) as i64;
    let mut canvas = Canvas::new(width, height, 0);
    for y in 0..per_col {
        for x in 0..per_row {
            let mut sx = (x as f32 * side + side / 2.0 + padding as f32) as i64;
            let mut sy = (y as f32 * side + side / 2.0 + padding as f32) as i64;
            let mut angle = 0.0f32;
            if y > 1 {
                let scale = |r: i64| r as f32 / RAND_MAX as f32 / per_col as f32 * y as f32;
                let mut r1 = scale(rand(ctx));
                let mut r2 = scale(rand(ctx));
                let mut r3 = scale(rand(ctx));
                if rand(ctx) % 2 != 0 {
                    r1 = -r1;
                }
                if rand(ctx) % 2 != 0 {
                    r2 = -r2;
                }
                if rand(ctx) % 2 != 0 {
                    r3 = -r3;
                }
                angle = r1;
                sx = (sx as f32 + r2 * side / 3.0) as i64;
                sy = (sy as f32 + r3 * side / 3.0) as i64;
            }
            canvas.square(sx, sy, side, angle, 1);
        }
    }
    let mut text = Vec::new();
    let mut y = 0;
    while y < canvas.height {
        let mut x = 0;
        while x < canvas.width {
            let mut byte = 0;
            let bits = [
                (0, 0, 0),
                (0, 1, 1),
                (0, 2, 2),
                (1, 0, 3),
                (1, 1, 4),
                (1, 2, 5),
                (0, 3, 6),
                (1, 3, 7),
            ];
            for (dx, dy, bit) in bits {
                if canvas.get(x + dx, y + dy) != 0 {
                    byte |= 1 << bit;
                }
            }
            braille(byte, &mut text);
            x += 2;
        }
        if y != canvas.height - 1 {
            text.push(b'\n');
        }
        y += 4;
    }
    text.extend_from_slice(b"\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ");
    text.extend_from_slice(crate::REDIS_VERSION.as_bytes());
    text.push(b'\n');
    Ok(text)
}

struct Skyscraper {
    xoff: i64,
    width: i64,
    height: i64,
    windows: bool,
    color: u8,
}

fn skyscraper(ctx: &mut Ctx, canvas: &mut Canvas, si: &Skyscraper) {
    let starty = canvas.height - 1;
    let endy = starty - si.height + 1;
    let mut y = starty;
    while y >= endy {
        for x in si.xoff..si.xoff + si.width {
            // The roof is four pixels narrower.
            if y == endy && (x <= si.xoff + 1 || x >= si.xoff + si.width - 2) {
                continue;
            }
            let mut color = si.color;
            if si.windows && x > si.xoff + 1 && x < si.xoff + si.width - 2 && y > endy + 1 && y < starty - 1 {
                let relx = x - (si.xoff + 1);
                let rely = y - (endy + 1);
                if (relx / 2) % 2 != 0 && rely % 2 != 0 {
                    loop {
                        color = (1 + rand(ctx) % 2) as u8;
                        if color != si.color {
                            break;
                        }
                    }
                    if relx % 2 != 0 {
                        color = canvas.get(x - 1, y);
                    }
                }
            }
            canvas.set(x, y, color);
        }
        y -= 1;
    }
}

/// LOLWUT VERSION 6 [columns] [rows].
fn skyline(ctx: &mut Ctx, args: &[Vec<u8>]) -> Result<Vec<u8>, Reply> {
    let cols = long_arg(args, 1, 80)?.clamp(1, 1000);
    let rows = long_arg(args, 2, 20)?.clamp(1, 1000);
    let mut canvas = Canvas::new(cols, rows, 3);
    let h = canvas.height;
    // The background, without windows, lighter grey first.
    for color in [2u8, 1] {
        let mut offset = -10;
        while offset < canvas.width {
            offset += rand(ctx) % 8;
            let width = 10 + rand(ctx) % 9;
            let height = if color == 2 {
                h / 2 + rand(ctx) % h / 2
            } else {
                h / 2 + rand(ctx) % h / 3
            };
            let si = Skyscraper {
                xoff: offset,
                width,
                height,
                windows: false,
                color,
            };
            skyscraper(ctx, &mut canvas, &si);
            offset += if color == 2 { width / 2 } else { width + 1 };
        }
    }
    // The foreground, with windows.
    let mut offset = -10;
    while offset < canvas.width {
        offset += rand(ctx) % 8;
        let mut width = 5 + rand(ctx) % 14;
        if width % 4 != 0 {
            width += width % 3;
        }
        let height = h / 3 + rand(ctx) % h / 2;
        let si = Skyscraper {
            xoff: offset,
            width,
            height,
            windows: true,
            color: 0,
        };
        skyscraper(ctx, &mut canvas, &si);
        offset += width + 5;
    }
    let mut text = Vec::new();
    for y in 0..canvas.height {
        for x in 0..canvas.width {
            let escape = match canvas.get(x, y) {
                1 => "0;90;100m",
                2 => "0;37;47m",
                3 => "0;97;107m",
                _ => "0;30;40m",
            };
            text.extend_from_slice(format!("\x1b[{escape} \x1b[0m").as_bytes());
        }
        if y != canvas.height - 1 {
            text.push(b'\n');
        }
    }
    text.extend_from_slice(b"\nDedicated to the 8 bit game developers of past and present.\nOriginal 8 bit image from Plaguemon by hikikomori. Redis ver. ");
    text.extend_from_slice(crate::REDIS_VERSION.as_bytes());
    text.push(b'\n');
    Ok(text)
}
