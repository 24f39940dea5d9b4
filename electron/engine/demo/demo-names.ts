// Artist, album and title strings for the demo library, and the file layout they live in.
// Artists are numbered and every number maps to a different name, so file paths (and the
// track_ids derived from them) never collide, whatever the seed and size.
import type { SeededRandom } from './demo-random';

/** Word lists are written as one string each to keep this file readable. */
function words(text: string): readonly string[] {
  return text.split(' ');
}

const FIRST_NAMES = words(
  'Mara Jonas Ines Theo Lena Omar Priya Felix Ada Rafael Noor Elliot Sofia Kenji Maya Hugo Leila ' +
    'Anton Clara Dario Yuki Nils Amara Bruno Freya Tariq Greta Luca Selma Milo Zora Pavel Iris Caleb ' +
    'Elin Matteo Nadia Oskar Rosa Samir Talia Viktor Wren Ximena Yara Aurelio Beatrix Cyrus Dagny ' +
    'Emeka Fenna Goran Hanne Idris Juno Kasimir Liv Marek Ottilie Quentin',
);

const LAST_NAMES = words(
  'Lindqvist Okafor Moreau Tanaka Novak Haddad Ferreira Kowalski Brennan Castillo Vogel Nakamura ' +
    'Iversen Rossi Sandoval Achterberg Dubois Eriksen Fontaine Garrido Holm Ivanova Jansen Kaur ' +
    'Lemaire Mbeki Nordin Oyelaran Petrov Quist Rahman Sorensen Thorne Ueda Valdez Whitlock Yilmaz ' +
    'Zeller Abernathy Bergstrom Carvalho Delacroix Engel Falk Gallagher Huang Ishikawa Juarez Keller ' +
    'Lachance Marchetti Nyberg Orsini Pham Ridley Salo Trevino Underwood Varga Winslow',
);

const ADJECTIVES = words(
  'Velvet Paper Electric Hollow Silver Quiet Golden Neon Static Crimson Lunar Wandering Broken ' +
    'Northern Glass Midnight Copper Distant Wild Amber Faded Hidden Restless Coastal Solar Painted ' +
    'Frozen Burning Gentle Secret Pale Iron Cosmic Sleepy Bright Twisted Ancient Falling Rising Lost ' +
    'Blue Scarlet Shallow Endless Tender Savage Hazy Feral Marble Phantom Rusty Silent Sunken Velour ' +
    'Winter Young Zealous Violet Dusty Humming',
);

const NOUNS = words(
  'Harbor Lantern Orchard Signal Engine Meadow Comet Mirror River Tower Garden Valley Satellite ' +
    'Canyon Parade Machine Forest Circuit Lighthouse Desert Ocean Cathedral Highway Island Feather ' +
    'Prism Thunder Shadow Horizon Window Compass Ember Glacier Echo Anchor Bridge Cloud Dune Falcon ' +
    'Gravity Hive Jungle Kite Lagoon Monsoon Nebula Oasis Pilot Quarry Rocket Spire Tide Umbrella ' +
    'Volcano Wolf Yard Zephyr Atlas Beacon Cipher',
);

const TITLE_WORDS = words(
  'Love Night Fire Rain Heart Dream Light Sky Road Home Summer Ghost Dance Stars Morning City ' +
    'Waves Gold Time Paradise Silence Echoes Tonight Forever Roses Thunder Honey Smoke Diamonds ' +
    'Runaway Satellites Heartbeat Daylight Mercury Velocity Lullaby Carousel Avalanche Skyline ' +
    'Afterglow',
);

/** Song title shapes, from two title words. */
const TITLE_FORMS: readonly ((a: string, b: string) => string)[] = [
  (a, b) => `${a} ${b}`,
  (a, b) => `${b} in the ${a}`,
  (a, b) => `${a} ${b} (Remastered)`,
  (_a, b) => `Don't Stop the ${b}`,
  (_a, b) => `${b}`,
  (a, b) => `${a} ${b}, Pt. 2`,
  (_a, b) => `When the ${b} Comes`,
  (a, b) => `${b} (feat. ${a})`,
];

/** Album title shapes, from an adjective and a noun. */
const ALBUM_FORMS: readonly ((adjective: string, noun: string) => string)[] = [
  (a, n) => `${a} ${n}s`,
  (_a, n) => `The ${n}`,
  (_a, n) => `${n} Sessions`,
  (a, n) => `Songs from the ${a} ${n}`,
  (a) => `${a}`,
  (_a, n) => `Live at the ${n}`,
];

export const GENRES: readonly string[] = words(
  'Rock Pop Electronic Jazz Hip-Hop Folk Classical Ambient Soul Funk Metal Reggae Blues Country ' +
    'Indie Techno House Latin World Soundtrack',
);

/** Repeats make FLAC and MP3 the common cases, as in most collections. */
const EXTENSIONS = words('flac flac flac mp3 mp3 m4a ogg opus');

const PERSONS = FIRST_NAMES.length * LAST_NAMES.length;
const BANDS = ADJECTIVES.length * NOUNS.length;
/** Persons, "The <Adjective> <Noun>s" and "<Adjective> <Noun>": all distinct strings. */
const NAME_SPACE = PERSONS + 2 * BANDS;
/** Coprime with NAME_SPACE, so stepping by it visits every name once before repeating. */
const NAME_STEP = 7919;

/** The name of artist number `index` (0-based); the seed only shifts where the sequence starts. */
export function artistName(index: number, seed: number): string {
  const slot = (index * NAME_STEP + Math.abs(Math.floor(seed)) * 104729) % NAME_SPACE;
  const round = Math.floor(index / NAME_SPACE);
  let name: string;
  if (slot < PERSONS) {
    name = `${FIRST_NAMES[slot % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(slot / FIRST_NAMES.length)]}`;
  } else {
    const band = (slot - PERSONS) % BANDS;
    const adjective = ADJECTIVES[band % ADJECTIVES.length]!;
    const noun = NOUNS[Math.floor(band / ADJECTIVES.length)]!;
    name = slot - PERSONS < BANDS ? `The ${adjective} ${noun}s` : `${adjective} ${noun}`;
  }
  // Beyond the name space (millions of tracks) a number keeps names distinct.
  return round === 0 ? name : `${name} ${round + 1}`;
}

export function albumTitle(rng: SeededRandom): string {
  return rng.pick(ALBUM_FORMS)(rng.pick(ADJECTIVES), rng.pick(NOUNS));
}

export function trackTitle(rng: SeededRandom): string {
  return rng.pick(TITLE_FORMS)(rng.pick(TITLE_WORDS), rng.pick(TITLE_WORDS));
}

/** Characters that cannot appear in a file name on common systems. */
function fileSafe(s: string): string {
  return s.replace(/[/\\:*?"<>|]/g, '_');
}

/**
 * `<root>/<Artist>/<Year> - <Album>/<NN> - <Title>.<ext>`: the year differs per album of
 * an artist and the number per track of an album, so paths are unique.
 */
export function trackFilePath(
  root: string,
  artist: string,
  year: number,
  album: string,
  trackNumber: number,
  title: string,
  rng: SeededRandom,
): string {
  const nn = String(trackNumber).padStart(2, '0');
  return `${root}/${fileSafe(artist)}/${year} - ${fileSafe(album)}/${nn} - ${fileSafe(title)}.${rng.pick(EXTENSIONS)}`;
}
