// A tiny deterministic synthesiser for the demo library: a few instruments, a chord progression, a
// bass line, an optional beat and a seeded melody that stays on the scale and lands on chord tones.
export const SAMPLE_RATE = 22_050;

export type Instrument = 'pluck' | 'epiano' | 'bell' | 'marimba' | 'soft-lead' | 'pad';

export type SongPlan = {
  seed: number;
  rootMidi: number;
  minor: boolean;
  bpm: number;
  /** Scale degrees (0-based) of each bar's chord, repeated through the song. */
  progression: number[];
  lead: Instrument;
  comp: Instrument;
  beat: boolean;
  seconds: number;
};

const TABLE_SIZE = 4096;
const SINE = Float32Array.from({ length: TABLE_SIZE + 1 }, (_, i) => Math.sin((2 * Math.PI * i) / TABLE_SIZE));
/** sin(2π·cycles), from a table: the demo must render in well under a second. */
const sin = (cycles: number) => SINE[Math.floor((cycles - Math.floor(cycles)) * TABLE_SIZE)]!;
const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addNote(out: Float32Array, inst: Instrument, startS: number, durS: number, midi: number, gain: number, rand: () => number) {
  const f = hz(midi);
  const start = Math.floor(startS * SAMPLE_RATE);
  const tail = inst === 'pad' ? 0.6 : inst === 'bell' ? 1.2 : 0.35;
  const n = Math.min(out.length - start, Math.floor((durS + tail) * SAMPLE_RATE));
  const ks = inst === 'pluck' ? Float32Array.from({ length: Math.max(2, Math.round(SAMPLE_RATE / f)) }, () => rand() * 2 - 1) : null;
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    const release = t > durS ? Math.exp(-(t - durS) * 12) : 1;
    let v: number;
    switch (inst) {
      case 'pluck': { // Karplus-Strong string
        const k = i % ks!.length;
        v = ks![k]!;
        ks![k] = 0.996 * 0.5 * (v + ks![(k + 1) % ks!.length]!);
        break;
      }
      case 'epiano': v = sin(f * t + (1.2 * Math.exp(-t * 3)) * sin(f * t)) * Math.exp(-t * 2.2); break;
      case 'bell': v = sin(f * t + 2 * Math.exp(-t * 2) * sin(3.5 * f * t)) * Math.exp(-t * 1.6); break;
      case 'marimba': v = (sin(f * t) + 0.3 * sin(4 * f * t) * Math.exp(-t * 30)) * Math.exp(-t * 6); break;
      case 'soft-lead': v = (sin(f * t) + sin(3 * f * t) / 9 + sin(5 * f * t) / 25) * Math.min(1, t * 40) * (0.7 + 0.3 * Math.exp(-t * 4)); break;
      case 'pad': v = ((sin(f * t) + sin(f * 1.004 * t) + 0.5 * sin(f * 2.002 * t)) / 2.5) * Math.min(1, t * 2.5); break;
    }
    out[start + i]! += v * gain * release;
  }
}

function addBass(out: Float32Array, startS: number, durS: number, midi: number) {
  const f = hz(midi);
  const start = Math.floor(startS * SAMPLE_RATE);
  const n = Math.min(out.length - start, Math.floor(durS * SAMPLE_RATE));
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    out[start + i]! += (sin(f * t) + 0.25 * sin(2 * f * t)) * 0.32 * Math.min(1, t * 80) * Math.exp(-t * 1.5) * Math.min(1, (n - i) / 400);
  }
}

function addDrum(out: Float32Array, startS: number, kick: boolean, rand: () => number) {
  const start = Math.floor(startS * SAMPLE_RATE);
  const n = Math.min(out.length - start, Math.floor((kick ? 0.25 : 0.06) * SAMPLE_RATE));
  let phase = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    if (kick) {
      phase += (45 + 90 * Math.exp(-t * 30)) / SAMPLE_RATE;
      out[start + i]! += sin(phase) * 0.5 * Math.exp(-t * 14);
    } else {
      const noise = rand() * 2 - 1;
      out[start + i]! += (noise - prev) * 0.06 * Math.exp(-t * 70); // first difference: a crude high-pass
      prev = noise;
    }
  }
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];

/** Renders the plan as mono samples in [-1, 1] with a fade in and out. */
export function renderSong(plan: SongPlan): Float32Array {
  const rand = mulberry32(plan.seed);
  const scale = plan.minor ? MINOR : MAJOR;
  const pitch = (degree: number) => plan.rootMidi + 12 * Math.floor(degree / 7) + scale[((degree % 7) + 7) % 7]!;
  const beatS = 60 / plan.bpm;
  const barS = 4 * beatS;
  const cycle = plan.progression.length;
  const bars = Math.max(cycle, cycle * Math.round(plan.seconds / (barS * cycle)));
  const out = new Float32Array(Math.ceil((bars * barS + 1.5) * SAMPLE_RATE));

  // One melody per pass through the progression, reused with a varied last bar so it sounds composed.
  const motif: Array<{ beat: number; lenBeats: number; degree: number }> = [];
  let degree = 7;
  for (let bar = 0; bar < cycle; bar++) {
    const chord = plan.progression[bar]!;
    for (let beat = 0; beat < 4; beat += 0.5) {
      if (beat % 1 !== 0 && rand() < 0.55) continue;
      if (beat > 0 && rand() < 0.2) continue;
      if (beat === 0) degree = 7 + chord + [0, 2, 4][Math.floor(rand() * 3)]!; // land on a chord tone
      else degree = Math.min(11, Math.max(4, degree + [-2, -1, -1, 1, 1, 2][Math.floor(rand() * 6)]!));
      motif.push({ beat: bar * 4 + beat, lenBeats: rand() < 0.3 ? 1 : 0.5, degree });
    }
  }

  for (let bar = 0; bar < bars; bar++) {
    const chord = plan.progression[bar % cycle]!;
    const t0 = bar * barS;
    const last = bar === bars - 1;
    for (const d of [0, 2, 4]) {
      if (plan.comp === 'pad') addNote(out, 'pad', t0, barS, pitch(chord + d), 0.12, rand);
      else for (const b of [0, 2]) addNote(out, plan.comp, t0 + b * beatS, beatS * 1.5, pitch(chord + d), 0.1, rand);
    }
    addBass(out, t0, 2 * beatS, pitch(chord) - 24);
    addBass(out, t0 + 2 * beatS, 2 * beatS, pitch(chord) - 24);
    if (plan.beat && bar > 0 && !last) {
      for (let b = 0; b < 4; b++) addDrum(out, t0 + b * beatS, b % 2 === 0, rand);
      for (let b = 0; b < 8; b++) addDrum(out, t0 + b * beatS / 2, false, rand);
    }
    if (last) {
      addNote(out, plan.lead, t0, barS, pitch(7), 0.22, rand);
      continue;
    }
    const pass = Math.floor(bar / cycle);
    for (const note of motif) {
      if (Math.floor(note.beat / 4) !== bar % cycle) continue;
      const varied = pass % 2 === 1 && bar % cycle === cycle - 1 ? note.degree - 2 : note.degree;
      addNote(out, plan.lead, t0 + (note.beat % 4) * beatS, note.lenBeats * beatS, pitch(varied), 0.2, rand);
    }
  }

  let peak = 0;
  for (let i = 0; i < out.length; i++) peak = Math.max(peak, Math.abs(out[i]!));
  const gain = peak > 0 ? 0.85 / peak : 1;
  const fadeIn = SAMPLE_RATE * 1;
  const fadeOut = SAMPLE_RATE * 3;
  for (let i = 0; i < out.length; i++) {
    const env = Math.min(1, i / fadeIn, (out.length - i) / fadeOut);
    out[i] = Math.tanh(out[i]! * gain * 1.1) * env;
  }
  return out;
}
