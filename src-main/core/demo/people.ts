// British-looking fictional people for the training database: names, street addresses and postcodes that cannot be real.
import type { Faker } from '@faker-js/faker';

// faker's en_GB locale has no first names or surnames of its own (it falls back to American ones), so the names are a
// curated list: common British given names across the ages of people who come to a recovery college (18 to 80), and
// the most common surnames in England and Wales, reflecting the mix of backgrounds in south Essex.
const FEMALE = [
  'Susan', 'Karen', 'Julie', 'Tracey', 'Sharon', 'Deborah', 'Joanne', 'Lisa', 'Michelle', 'Claire', 'Nicola', 'Emma',
  'Sarah', 'Rachel', 'Kelly', 'Gemma', 'Laura', 'Hayley', 'Charlotte', 'Sophie', 'Hannah', 'Amy', 'Jessica', 'Lauren',
  'Chloe', 'Megan', 'Olivia', 'Amelia', 'Isla', 'Ellie', 'Freya', 'Grace', 'Poppy', 'Jade', 'Kirsty', 'Leanne',
  'Margaret', 'Patricia', 'Janet', 'Pauline', 'Linda', 'Carol', 'Christine', 'Maureen', 'Jean', 'Sandra', 'Gillian',
  'Priya', 'Aisha', 'Fatima', 'Nadia', 'Amina', 'Zainab', 'Shanice', 'Chantelle', 'Abena', 'Agnieszka', 'Siobhan',
  'Bethany', 'Rebecca', 'Katie', 'Natalie', 'Zoe', 'Abigail', 'Eleanor', 'Harriet', 'Imogen', 'Molly', 'Rosie',
];
const MALE = [
  'David', 'Paul', 'Mark', 'Andrew', 'Stephen', 'Gary', 'Darren', 'Lee', 'Wayne', 'Dean', 'Craig', 'Jason', 'Neil',
  'Richard', 'Simon', 'Martin', 'Ian', 'Kevin', 'Graham', 'Keith', 'Colin', 'Barry', 'Terry', 'Brian', 'Derek',
  'James', 'John', 'Michael', 'Robert', 'Peter', 'Christopher', 'Matthew', 'Daniel', 'Thomas', 'Adam', 'Luke',
  'Ryan', 'Jamie', 'Liam', 'Callum', 'Connor', 'Kieran', 'Jack', 'Harry', 'George', 'Oliver', 'Alfie', 'Charlie',
  'Joshua', 'Samuel', 'Ben', 'Tom', 'Alex', 'Scott', 'Stuart', 'Gareth', 'Rhys', 'Owen', 'Declan', 'Sean',
  'Mohammed', 'Imran', 'Rajesh', 'Sanjay', 'Tariq', 'Kwame', 'Tunde', 'Marcus', 'Jerome', 'Tomasz', 'Dylan', 'Reece',
];
const SURNAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Lewis',
  'James', 'Phillips', 'Mason', 'Mitchell', 'Rose', 'Davis', 'Rodgers', 'Hughes', 'Turner', 'Hill', 'Moore', 'Cooper',
  'Ward', 'Morris', 'King', 'Watson', 'Harrison', 'Morgan', 'Baker', 'Young', 'Allen', 'Martin', 'Scott', 'Edwards',
  'Harris', 'Clark', 'Cook', 'Bailey', 'Parker', 'Miller', 'Bennett', 'Shaw', 'Price', 'Griffiths', 'Richardson',
  'Fletcher', 'Marsh', 'Barker', 'Palmer', 'Holmes', 'Kelly', "O'Brien", 'Murphy', 'Begum', 'Hussain', 'Ali', 'Shah',
  'Ahmed', 'Singh', 'Kaur', 'Okafor', 'Mensah', 'Campbell', 'Stewart', 'Reid', 'Murray', 'Fraser', 'Owen', 'Pearce',
  'Chapman', 'Dixon', 'Ellis', 'Fox', 'Gray', 'Hunt', 'Knight', 'Lloyd', 'Marshall', 'Newman', 'Payne', 'Russell',
  'Saunders', 'Stevens', 'Sutton', 'Webb', 'Wells', 'Archer', 'Bishop', 'Carter', 'Dawson', 'Fisher', 'Gibson',
  'Harvey', 'Howard', 'Jenkins', 'Lawrence', 'Mills', 'Nowak', 'Osei', 'Perry', 'Quinn', 'Riley', 'Spencer', 'Tucker',
];
// Street names common to most English towns, never the college's own neighbourhood's.
const STREETS = [
  'Station Road', 'Church Lane', 'London Road', 'High Street', 'Victoria Avenue', 'Park Road', 'Mill Lane', 'The Avenue',
  'Queens Road', 'Kings Road', 'Manor Road', 'Elm Grove', 'Westbourne Grove', 'Rectory Grove', 'Fairfax Drive',
  'Broadway', 'Oak Walk', 'Meadow Close', 'Willow Close', 'Orchard Way', 'Chestnut Avenue', 'The Crescent', 'Seaview Road',
];

/** Outward codes of the places the demo college serves (Southend-on-Sea and around): real, so addresses look local. */
const OUTWARD = { 'Southend-on-Sea': ['SS1', 'SS2', 'SS3'], 'Westcliff-on-Sea': ['SS0'], 'Leigh-on-Sea': ['SS9'], Shoeburyness: ['SS3'], Rochford: ['SS4'], Rayleigh: ['SS6'] } as const;
export type DemoTown = keyof typeof OUTWARD;
export const DEMO_TOWNS = Object.keys(OUTWARD) as DemoTown[];

/**
 * Letters Royal Mail never uses in the last two letters of a postcode's inward code (they are kept out so they cannot
 * be mistaken for digits or for each other when handwritten): C, I, K, M, O and V. A postcode whose unit starts with
 * one of them passes the app's (and most systems') format check, looks ordinary, and can never be anyone's address.
 * I and O are left out of the list below so the code does not look like it holds a 1 or a 0.
 */
export const NEVER_ISSUED_UNIT_LETTERS = ['C', 'K', 'M', 'V'] as const;
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A real-looking postcode in the town's real outward code whose inward code cannot exist (see NEVER_ISSUED_UNIT_LETTERS). */
export function demoPostcode(faker: Faker, town: DemoTown): string {
  const outward = faker.helpers.arrayElement(OUTWARD[town]);
  return `${outward} ${faker.number.int({ min: 1, max: 9 })}${faker.helpers.arrayElement(NEVER_ISSUED_UNIT_LETTERS)}${faker.helpers.arrayElement([...UNIT_LETTERS])}`;
}

/** True when a postcode's inward code uses a letter Royal Mail never issues there: the demo's mark of a fictional address. */
export function isNeverIssuedPostcode(postcode: string): boolean {
  const unit = postcode.replace(/\s+/g, '').slice(-2).toUpperCase();
  return /[CIKMOV]/.test(unit);
}

export function demoFirstName(faker: Faker, sex?: 'female' | 'male'): string {
  return faker.helpers.arrayElement(sex === 'male' ? MALE : sex === 'female' ? FEMALE : faker.datatype.boolean() ? MALE : FEMALE);
}

export function demoSurname(faker: Faker): string {
  // Now and then a double-barrelled name, as in life.
  return faker.number.float() < 0.03 ? `${faker.helpers.arrayElement(SURNAMES)}-${faker.helpers.arrayElement(SURNAMES)}` : faker.helpers.arrayElement(SURNAMES);
}

export function demoFullName(faker: Faker): string {
  return `${demoFirstName(faker)} ${demoSurname(faker)}`;
}

export function demoStreetAddress(faker: Faker): string {
  return `${faker.number.int({ min: 1, max: 240 })} ${faker.helpers.arrayElement(STREETS)}`;
}

/** Ofcom's range reserved for drama (07700 900000–900999): never a real person's number. */
export function demoPhone(faker: Faker): string {
  return `07700 900${String(faker.number.int({ min: 0, max: 999 })).padStart(3, '0')}`;
}

/** All the names the generator may use, for tests that check nothing American slipped in. */
export const DEMO_NAMES = { first: [...FEMALE, ...MALE], surnames: SURNAMES };
