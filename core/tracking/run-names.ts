import { randomInt } from 'node:crypto';

// Friendly default run names in the style MLflow users know ("brave-owl-341").
const adjectives = ['amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'dapper', 'eager', 'fancy', 'gentle', 'glad', 'honest', 'keen', 'lively', 'lucky', 'merry', 'nimble', 'polite', 'proud', 'quick', 'quiet', 'rare', 'sharp', 'silent', 'smooth', 'steady', 'sunny', 'swift', 'tidy', 'vivid', 'witty'];
const nouns = ['ant', 'bass', 'bear', 'bee', 'crane', 'deer', 'dove', 'eel', 'elk', 'finch', 'fox', 'frog', 'goat', 'hare', 'hawk', 'heron', 'ibis', 'koi', 'lark', 'lynx', 'mole', 'moth', 'newt', 'otter', 'owl', 'panda', 'quail', 'ram', 'seal', 'swan', 'toad', 'wolf'];

export function generateRunName(): string {
  return `${adjectives[randomInt(adjectives.length)]}-${nouns[randomInt(nouns.length)]}-${randomInt(1000)}`;
}
