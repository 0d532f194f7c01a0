import type { FieldErrors } from '../../../core/http/forms.js';
import { timeZoneChoices } from '../../../core/i18n/time-zone.js';
import { Button, fieldParts, Form, Notice } from '../../../core/views/components.js';
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
  const error = errors.time_zone;
  const { id, describedBy, messages, wrapperClass } = fieldParts('time_zone', t('accounts.timeZone.hint'), error);
  return (
    <SettingsPage page={page} current="/settings/time-zone" errors={errors} labels={{ time_zone: label }}>
      {saved ? (
        <Notice kind="success">
          <p>{t('accounts.timeZone.saved')}</p>
        </Notice>
      ) : null}
      <p>{t('accounts.timeZone.intro')}</p>
      <Form page={page} action={page.href('/settings/time-zone')}>
        <div class={wrapperClass}>
          <label class="field__label" for={id}>
            {label}
          </label>
          {messages}
          <select
            id={id}
            name="time_zone"
            class={`input select${error ? ' input--error' : ''}`}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={describedBy}
          >
            <option value="" selected={value === ''}>
              {t('accounts.timeZone.platform', { zone: platform })}
            </option>
            {zonesByRegion().map(({ region, zones }) => {
              const options = zones.map((zone) => (
                <option value={zone.value} selected={zone.value === value}>
                  {zone.label}
                </option>
              ));
              return region ? <optgroup label={t(`accounts.timeZone.region.${region}`)}>{options}</optgroup> : options;
            })}
          </select>
        </div>
        <Button>{t('accounts.timeZone.submit')}</Button>
      </Form>
    </SettingsPage>
  );
}
