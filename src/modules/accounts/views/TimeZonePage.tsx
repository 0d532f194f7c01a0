import type { FieldErrors } from '../../../core/http/forms.js';
import { timeZoneChoices } from '../../../core/i18n/time-zone.js';
import { Button, Form, Notice, Select } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { SettingsPage } from './parts.js';

/** The regions IANA names zones by, each named in the catalogs (`accounts.timeZone.region.<region>`). */
const REGIONS = [
  'Africa',
  'America',
  'Antarctica',
  'Arctic',
  'Asia',
  'Atlantic',
  'Australia',
  'Europe',
  'Indian',
  'Pacific',
];

let grouped: { region: string; zones: { value: string; label: string }[] }[] | undefined;
/** The zones one may choose by region ("Europe" → "Prague"), worked out once; `UTC`, of no region, first. */
function zonesByRegion() {
  if (grouped) return grouped;
  const byRegion = new Map<string, { value: string; label: string }[]>();
  for (const zone of timeZoneChoices()) {
    const slash = zone.indexOf('/');
    const region = slash > 0 && REGIONS.includes(zone.slice(0, slash)) ? zone.slice(0, slash) : '';
    const label = (region ? zone.slice(slash + 1) : zone).replaceAll('_', ' ').replaceAll('/', ' – ');
    byRegion.set(region, [...(byRegion.get(region) ?? []), { value: zone, label }]);
  }
  return (grouped = [...byRegion].map(([region, zones]) => ({ region, zones })));
}

export interface TimeZonePageProps {
  page: PageContext;
  /** The person's zone as stored, or what they sent back with an error; '' is the platform's. */
  value: string;
  /** The platform's zone (`URBIS_TIME_ZONE`), what '' stands for. */
  platform: string;
  errors?: FieldErrors;
  saved?: boolean;
}

/**
 * Settings → time zone: the zone "your time" is shown in beside a meeting's own. A plain
 * `<select>` grouped by region (no script); the first choice is the platform's zone.
 */
export function TimeZonePage({ page, value, platform, errors = {}, saved = false }: TimeZonePageProps) {
  const { t } = page;
  const label = t('accounts.timeZone.field');
  return (
    <SettingsPage page={page} current="/settings/time-zone" errors={errors} labels={{ time_zone: label }}>
      {saved ? (
        <Notice kind="success">
          <p>{t('accounts.timeZone.saved')}</p>
        </Notice>
      ) : null}
      <p>{t('accounts.timeZone.intro')}</p>
      <Form page={page} action={page.href('/settings/time-zone')}>
        <Select
          name="time_zone"
          label={label}
          hint={t('accounts.timeZone.hint')}
          error={errors.time_zone}
          value={value}
          options={[{ value: '', label: t('accounts.timeZone.platform', { zone: platform }) }]}
          groups={zonesByRegion().map(({ region, zones }) => ({
            label: region ? t(`accounts.timeZone.region.${region}`) : null,
            options: zones,
          }))}
        />
        <Button>{t('accounts.timeZone.submit')}</Button>
      </Form>
    </SettingsPage>
  );
}
