-- Public sao kê search (issue 6): the accent-folded names donors allowed to be shown.
--
-- public_donations is the public read model of the valid gifts, kept in step with `donations` by the
-- triggers below (a voided gift leaves it: it is not in the sao kê). `pid` orders it by date received:
-- (days since 1970-01-01) × 2^32 + the gift's place among that day's gifts as recorded, so a date range
-- is a range of pids and a page of the default sort (newest first) is one index seek. `name_search` is
-- the donor's folded name ("nguyen van a") only when the donor chose to be named: an anonymous or
-- on-request gift has none, so no name search can ever reach it. `ref` is the bank reference in upper
-- case, `ref_tail` its last six characters (what a donor reads on a masked statement).
CREATE TABLE public_donations (
  pid INTEGER PRIMARY KEY,
  donation_id TEXT NOT NULL,
  fund_id TEXT NOT NULL,
  campaign_id TEXT,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  name_search TEXT,
  ref TEXT,
  ref_tail TEXT
);
--> statement-breakpoint
CREATE UNIQUE INDEX public_donations_donation ON public_donations (donation_id);
--> statement-breakpoint
-- A fund's gifts by date, with the columns the filters read, so that a walk checks them in the index.
CREATE INDEX public_donations_fund ON public_donations (fund_id, pid, amount_minor, campaign_id, name_search);
--> statement-breakpoint
-- By amount: exact amounts come back in date order, ranges in amount order.
CREATE INDEX public_donations_fund_amount ON public_donations (fund_id, amount_minor, pid, campaign_id, name_search);
--> statement-breakpoint
CREATE INDEX public_donations_campaign ON public_donations (campaign_id, pid, amount_minor, name_search, fund_id) WHERE campaign_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX public_donations_ref ON public_donations (fund_id, ref_tail) WHERE ref_tail IS NOT NULL;
--> statement-breakpoint
-- Word search over the disclosed folded names (the whole words and beginnings of words of a name, in
-- order), rowid = pid so its matches come in date order. Contentless: nothing can be read back out.
CREATE VIRTUAL TABLE public_donation_search USING fts5(name, content='', contentless_delete=1, tokenize='unicode61', prefix='1 2 3');
--> statement-breakpoint
-- Valid gifts per fund, campaign ('' for none), day and currency: campaign totals, disclosure notices
-- and daily totals without reading the gifts.
CREATE TABLE public_gift_days (
  fund_id TEXT NOT NULL,
  campaign_key TEXT NOT NULL,
  received_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  gift_count INTEGER NOT NULL,
  PRIMARY KEY (fund_id, campaign_key, received_on, currency)
);
--> statement-breakpoint
CREATE TRIGGER public_donations_insert AFTER INSERT ON donations WHEN NEW.status = 'valid'
BEGIN
  INSERT INTO public_donations (pid, donation_id, fund_id, campaign_id, amount_minor, currency, name_search, ref, ref_tail)
  VALUES (
    (SELECT coalesce(max(pid) + 1, (unixepoch(NEW.received_on) / 86400) * 4294967296) FROM public_donations
      WHERE pid >= (unixepoch(NEW.received_on) / 86400) * 4294967296
        AND pid < (unixepoch(NEW.received_on) / 86400 + 1) * 4294967296),
    NEW.id, NEW.fund_id, NEW.campaign_id, NEW.amount_minor, NEW.currency,
    CASE WHEN NEW.disclosure = 'public' THEN (SELECT name_search FROM donors WHERE id = NEW.donor_id) END,
    upper(NEW.bank_ref), upper(substr(NEW.bank_ref, -6))
  );
  INSERT INTO public_donation_search (rowid, name)
  SELECT pid, name_search FROM public_donations WHERE donation_id = NEW.id AND name_search IS NOT NULL;
  INSERT INTO public_gift_days (fund_id, campaign_key, received_on, currency, amount_minor, gift_count)
  VALUES (NEW.fund_id, coalesce(NEW.campaign_id, ''), NEW.received_on, NEW.currency, NEW.amount_minor, 1)
  ON CONFLICT (fund_id, campaign_key, received_on, currency) DO UPDATE
    SET amount_minor = amount_minor + excluded.amount_minor, gift_count = gift_count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER public_donations_void AFTER UPDATE OF status ON donations
WHEN OLD.status = 'valid' AND NEW.status = 'void'
BEGIN
  DELETE FROM public_donation_search WHERE rowid = (SELECT pid FROM public_donations WHERE donation_id = NEW.id);
  DELETE FROM public_donations WHERE donation_id = NEW.id;
  UPDATE public_gift_days SET amount_minor = amount_minor - NEW.amount_minor, gift_count = gift_count - 1
  WHERE fund_id = NEW.fund_id AND campaign_key = coalesce(NEW.campaign_id, '') AND received_on = NEW.received_on
    AND currency = NEW.currency;
END;
--> statement-breakpoint
-- Gifts recorded before this migration, in the order they were recorded within each day.
INSERT INTO public_donations (pid, donation_id, fund_id, campaign_id, amount_minor, currency, name_search, ref, ref_tail)
SELECT (unixepoch(d.received_on) / 86400) * 4294967296
         + row_number() OVER (PARTITION BY d.received_on ORDER BY d.created_at_ms, d.id) - 1,
       d.id, d.fund_id, d.campaign_id, d.amount_minor, d.currency,
       CASE WHEN d.disclosure = 'public' THEN o.name_search END, upper(d.bank_ref), upper(substr(d.bank_ref, -6))
FROM donations d JOIN donors o ON o.id = d.donor_id
WHERE d.status = 'valid';
--> statement-breakpoint
INSERT INTO public_donation_search (rowid, name)
SELECT pid, name_search FROM public_donations WHERE name_search IS NOT NULL;
--> statement-breakpoint
INSERT INTO public_gift_days (fund_id, campaign_key, received_on, currency, amount_minor, gift_count)
SELECT fund_id, coalesce(campaign_id, ''), received_on, currency, sum(amount_minor), count(*)
FROM donations WHERE status = 'valid'
GROUP BY fund_id, coalesce(campaign_id, ''), received_on, currency;
