/**
 * Given names and family names common across the EU, combined at random into invented
 * people for the synthetic data set. Any likeness to a real person is chance.
 */
export const GIVEN_NAMES: readonly string[] = [
  'Anna', 'Marek', 'Sofie', 'Lukas', 'Elena', 'Jonas', 'Marta', 'Tomas', 'Ilse', 'Pieter',
  'Chiara', 'Matteo', 'Lucía', 'Pablo', 'Inês', 'Rui', 'Camille', 'Hugo', 'Léa', 'Mathis',
  'Eva', 'Jakub', 'Petra', 'Ondřej', 'Zuzana', 'Martin', 'Katarína', 'Peter', 'Nina', 'Luka',
  'Maja', 'Ana', 'Ivan', 'Mira', 'Dragan', 'Teodora', 'Nikolai', 'Maria', 'Georgios', 'Eleni',
  'Dimitris', 'Andreea', 'Mihai', 'Ioana', 'Bogdan', 'Zsófia', 'Bence', 'Réka', 'Gábor', 'Agnieszka',
  'Piotr', 'Kasia', 'Tomasz', 'Ona', 'Mantas', 'Rūta', 'Jānis', 'Laura', 'Kristaps', 'Kadri',
  'Mart', 'Liis', 'Aino', 'Juho', 'Elina', 'Mikko', 'Elin', 'Oskar', 'Astrid', 'Nils',
  'Freja', 'Mads', 'Ida', 'Emil', 'Siobhán', 'Ciarán', 'Aoife', 'Declan', 'Clara', 'Felix',
  'Lena', 'Maximilian', 'Hannah', 'Paul', 'Julia', 'David', 'Sara', 'Daniel', 'Lina', 'Noah',
  'Amélie', 'Louis', 'Charlotte', 'Jules', 'Giulia', 'Lorenzo', 'Francesca', 'Davide', 'Carmen', 'Javier',
  'Marina', 'Diego', 'Beatriz', 'Tiago', 'Joana', 'Duarte', 'Emma', 'Lars', 'Fenna', 'Daan',
  'Saskia', 'Bram', 'Lotte', 'Sem', 'Rebecca', 'Andrea', 'Kurt', 'Miriam', 'Andreas', 'Christina',
];

export const FAMILY_NAMES: readonly string[] = [
  'Novák', 'Horváth', 'Kovač', 'Nowak', 'Schmidt', 'Müller', 'Weber', 'Wagner', 'Becker', 'Hoffmann',
  'Schulz', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Krüger', 'Hartmann',
  'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Garnier', 'Roux', 'Fournier', 'Girard',
  'Rossi', 'Russo', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo',
  'García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz', 'Navarro', 'Torres', 'Ramos',
  'Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins', 'Sousa', 'Lopes',
  'de Vries', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Peeters',
  'Maes', 'Jacobs', 'Claes', 'Wouters', 'Dvořák', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Horák',
  'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szabó', 'Tóth', 'Kiss', 'Varga',
  'Molnár', 'Németh', 'Popescu', 'Ionescu', 'Stan', 'Dumitru', 'Georgiev', 'Dimitrov', 'Ivanova', 'Petrova',
  'Papadopoulos', 'Nikolaidis', 'Georgiou', 'Christodoulou', 'Borg', 'Camilleri', 'Vella', 'Farrugia', 'Murphy', 'Kelly',
  'Byrne', 'Walsh', 'Nielsen', 'Jensen', 'Hansen', 'Andersen', 'Johansson', 'Lindberg', 'Karlsson', 'Nyström',
  'Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Tamm', 'Saar', 'Sepp', 'Kask', 'Bērziņš', 'Kalniņš',
  'Kazlauskas', 'Petrauskas', 'Jankauskas', 'Hrovat', 'Zupan', 'Kranjc', 'Babić', 'Marić', 'Jurić', 'Knežević',
];

/** Letters that do not fall apart into a base letter and an accent. */
const SPELLED: Record<string, string> = { ł: 'l', ø: 'o', æ: 'ae', ß: 'ss', đ: 'd', œ: 'oe', å: 'a' };

/** A name as letters, digits and dashes for a handle: `Zsófia Kertész` → `zsofia-kertesz`. */
export function handlePart(name: string): string {
  return name
    .toLowerCase()
    .replace(/[łøæßđœå]/g, (c) => SPELLED[c] ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
