import { getTranslations } from 'next-intl/server';

type TProps = {
  title: string;
  /** Members are told in plain words; staff are reminded that their reads are on the record. */
  audience: 'member' | 'staff';
  button: string;
  /** The page itself: the form asks for it again, now from the gateway's own page. */
  path: string;
  query?: Record<string, string>;
};

/**
 * Stands in for a page whose reading is logged when the request came from another site, a mail, a
 * bookmark or a typed address (docs/decisions/0052): one button, and nothing read or logged until
 * it is pressed. A plain GET form, so it works without JavaScript and by keyboard.
 */
export async function ConfirmLoggedRead({ title, audience, button, path, query = {} }: TProps) {
  const t = await getTranslations('loggedRead');
  return (
    <>
      <h1>{title}</h1>
      <div className="card" data-testid="confirm-logged-read">
        <p>{t('arrivedElsewhere')}</p>
        <p>{t(audience === 'member' ? 'whyMember' : 'whyStaff')}</p>
        <form method="get" action={path}>
          {Object.entries(query).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" className="button">
            {button}
          </button>
        </form>
      </div>
    </>
  );
}
