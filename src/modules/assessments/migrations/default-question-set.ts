/**
 * The question set a new installation starts with (written by its migration, edited afterwards by
 * administrators in the database): six dimensions of a city's digital maturity, in the spirit of the
 * Digital Cities Challenge's self-assessment and of LORDI's categories, in our own words. Each names
 * the topics (tag slugs) its pointers lead to. Kept as it was first written: a later change of the
 * default set is a new migration, never an edit here.
 */
export interface DefaultDimension {
  slug: string;
  tags: string[];
  texts: Record<'en' | 'cs', { name: string; description: string }>;
  questions: Record<'en' | 'cs', string>[];
}

export const DEFAULT_QUESTION_SET: readonly DefaultDimension[] = [
  {
    slug: 'strategy',
    tags: ['digital-transition', 'action-plan', 'digital-cities-challenge'],
    texts: {
      en: {
        name: 'Strategy and leadership',
        description: 'Whether digital change has a plan, someone in charge of it and the money for it.',
      },
      cs: {
        name: 'Strategie a vedení',
        description: 'Zda má digitální proměna plán, někoho, kdo ji vede, a peníze na ni.',
      },
    },
    questions: [
      {
        en: 'The organisation has a digital strategy or roadmap, adopted by its leadership.',
        cs: 'Organizace má digitální strategii nebo plán, který schválilo její vedení.',
      },
      {
        en: 'A named person or team is responsible for digital change and has the authority to act.',
        cs: 'Za digitální proměnu odpovídá konkrétní osoba nebo tým, který má pravomoc jednat.',
      },
      {
        en: 'Digital projects have a budget over several years, and their results are monitored.',
        cs: 'Digitální projekty mají víceletý rozpočet a jejich výsledky se sledují.',
      },
    ],
  },
  {
    slug: 'services',
    tags: ['e-government', 'better-regulation'],
    texts: {
      en: {
        name: 'Digital public services',
        description: 'How far residents and businesses can deal with the organisation online, and how well.',
      },
      cs: {
        name: 'Digitální veřejné služby',
        description: 'Nakolik a jak dobře mohou obyvatelé a firmy vyřizovat věci s organizací online.',
      },
    },
    questions: [
      {
        en: 'Residents and businesses can complete the most common procedures online, from start to end.',
        cs: 'Obyvatelé a firmy mohou nejčastější úkony vyřídit online od začátku do konce.',
      },
      {
        en: 'Online services are designed with the people who use them and meet the accessibility requirements.',
        cs: 'Online služby vznikají spolu s lidmi, kteří je používají, a splňují požadavky na přístupnost.',
      },
      {
        en: 'Services reuse what people have already told the organisation once, instead of asking again.',
        cs: 'Služby znovu využívají to, co lidé organizaci už jednou sdělili, místo aby se ptaly znovu.',
      },
    ],
  },
  {
    slug: 'data',
    tags: ['open-data', 'data', 'emerging-technologies'],
    texts: {
      en: {
        name: 'Data and interoperability',
        description: 'Whether the organisation knows, shares and uses its data, and whether its systems talk.',
      },
      cs: {
        name: 'Data a interoperabilita',
        description: 'Zda organizace zná, sdílí a využívá svá data a zda si její systémy rozumějí.',
      },
    },
    questions: [
      {
        en: 'The organisation knows what data it holds, who looks after each set, and how good it is.',
        cs: 'Organizace ví, jaká data má, kdo se o kterou sadu stará a jak kvalitní jsou.',
      },
      {
        en: 'Data that can be open is published as open data, machine-readable and with a licence.',
        cs: 'Data, která mohou být otevřená, jsou zveřejněna jako otevřená data, strojově čitelná a s licencí.',
      },
      {
        en: 'Decisions draw on data, and systems exchange it through open standards.',
        cs: 'Rozhodnutí vycházejí z dat a systémy si je vyměňují pomocí otevřených standardů.',
      },
    ],
  },
  {
    slug: 'infrastructure',
    tags: ['5g', 'cybersecurity'],
    texts: {
      en: {
        name: 'Infrastructure and connectivity',
        description: 'Networks in the area, connectivity in public places, and how safe the systems are.',
      },
      cs: {
        name: 'Infrastruktura a konektivita',
        description: 'Sítě v území, připojení na veřejných místech a bezpečnost systémů.',
      },
    },
    questions: [
      {
        en: 'Homes, schools and businesses in the area can get fast broadband (gigabit or 5G).',
        cs: 'Domácnosti, školy a firmy v území mají k dispozici rychlé připojení (gigabitové nebo 5G).',
      },
      {
        en: 'Public buildings and spaces offer reliable connectivity, including free public Wi-Fi.',
        cs: 'Veřejné budovy a prostranství nabízejí spolehlivé připojení včetně bezplatné veřejné Wi-Fi.',
      },
      {
        en: 'Cybersecurity risks are assessed regularly, and there is a plan for incidents.',
        cs: 'Kybernetická rizika se pravidelně vyhodnocují a pro incidenty existuje plán.',
      },
    ],
  },
  {
    slug: 'skills',
    tags: ['digital-skills'],
    texts: {
      en: {
        name: 'Skills and people',
        description: 'The digital skills of the staff and of residents, and where to find specialists.',
      },
      cs: {
        name: 'Dovednosti a lidé',
        description: 'Digitální dovednosti zaměstnanců a obyvatel a kde najít odborníky.',
      },
    },
    questions: [
      {
        en: 'Staff are trained regularly in the digital skills their work needs.',
        cs: 'Zaměstnanci se pravidelně školí v digitálních dovednostech, které jejich práce vyžaduje.',
      },
      {
        en: 'The organisation can recruit, or reach, the digital specialists it needs.',
        cs: 'Organizace dokáže získat digitální odborníky, které potřebuje, nebo se k nim dostat.',
      },
      {
        en: 'Residents who lack digital skills can get help nearby, for instance in a digital competence centre.',
        cs:
          'Obyvatelé, kterým chybějí digitální dovednosti, najdou pomoc nablízku, ' +
          'například v centru digitálních kompetencí.',
      },
    ],
  },
  {
    slug: 'ecosystem',
    tags: ['neighbourhoods', 'emerging-technologies'],
    texts: {
      en: {
        name: 'Open innovation and ecosystem',
        description: 'Working with others on digital change: businesses, universities, residents and other cities.',
      },
      cs: {
        name: 'Otevřené inovace a ekosystém',
        description: 'Spolupráce na digitální proměně s firmami, univerzitami, obyvateli a dalšími městy.',
      },
    },
    questions: [
      {
        en: 'The organisation works with local businesses, universities and civil society on digital projects.',
        cs:
          'Organizace spolupracuje na digitálních projektech s místními firmami, univerzitami ' +
          'a občanskou společností.',
      },
      {
        en: 'New solutions are tried in pilots or living labs before they are rolled out.',
        cs: 'Nová řešení se před zavedením zkoušejí v pilotních projektech nebo živých laboratořích.',
      },
      {
        en: 'The organisation shares what it learns with other cities, and learns from theirs.',
        cs: 'Organizace sdílí své poznatky s dalšími městy a učí se z jejich zkušeností.',
      },
    ],
  },
];
