const ADJECTIVES = [
  'Agile', 'Amber', 'Brisk', 'Bold', 'Calm', 'Clever', 'Cosmic', 'Crimson', 'Daring', 'Eager', 'Fleet', 'Gentle', 'Golden', 'Happy',
  'Jolly', 'Keen', 'Lucky', 'Lunar', 'Mellow', 'Nimble', 'Polar', 'Quick', 'Quiet', 'Rapid', 'Silver', 'Sly', 'Snappy', 'Solar',
  'Steady', 'Swift', 'Tidy', 'Vivid', 'Witty', 'Zesty',
];
const ANIMALS = [
  'Badger', 'Bison', 'Cheetah', 'Crane', 'Dolphin', 'Falcon', 'Ferret', 'Gecko', 'Heron', 'Ibis', 'Jaguar', 'Koala', 'Lemur', 'Lynx',
  'Marten', 'Narwhal', 'Ocelot', 'Orca', 'Otter', 'Owl', 'Panda', 'Puffin', 'Python', 'Quokka', 'Raven', 'Salmon', 'Stoat', 'Swift',
  'Tapir', 'Tern', 'Walrus', 'Wombat', 'Yak', 'Zebra',
];

/** "Swift Otter 42": friendly, unrelated to the student's name; `randomInt(n)` gives 0 ≤ k < n. */
export function pseudonym(randomInt: (n: number) => number): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]} ${ANIMALS[randomInt(ANIMALS.length)]} ${10 + randomInt(90)}`;
}
