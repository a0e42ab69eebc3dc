-- Macros shared by validation and staging: how one raw text cell becomes a clean value.
-- Readers have already trimmed cells and turned NBSP and other odd spaces into plain spaces.
-- The look-alike alphabets are the ones in etl/textnorm.py (a test keeps them equal).

-- Signs that government tables use for a missing or suppressed value: they become NULL, never 0.
create or replace macro is_sign(s) as
    trim(s) in ('-', '–', '—', '…', '...', 'x', 'X', 'х', 'Х', 'к', 'К', 'k', 'K', 'n/a', 'N/A', 'н/д', '*', '**');

create or replace macro is_blank(s) as s is null or trim(s) = '';

-- '1 234,5' -> '1234.5'; '1,234.5' -> '1234.5'; '1.234,5' -> '1234.5'. A comma alone is a decimal comma;
-- with both marks, the one that comes last is the decimal mark.
create or replace macro num_text(s) as
    case when s like '%,%' and s like '%.%' and strpos(reverse(s), ',') < strpos(reverse(s), '.')
              then replace(replace(replace(s, ' ', ''), '.', ''), ',', '.')
         when s like '%,%' and s like '%.%' then replace(replace(s, ' ', ''), ',', '')
         else replace(replace(s, ' ', ''), ',', '.') end;

-- A finite number, or null ('nan' and 'inf' are not numbers a table can hold).
create or replace macro to_num(s) as
    case when is_blank(s) or is_sign(s) then null
         when isfinite(try_cast(num_text(s) as double)) then try_cast(num_text(s) as double) end;

-- Key for matching words (enum values): lower case, single spaces, Cyrillic look-alikes as Latin (with к м н т в,
-- which look like K M H T B as capitals). The same as textnorm.fold.
create or replace macro fold_key(s) as
    translate(lower(regexp_replace(trim(s), '\s+', ' ', 'g')), 'аеорсухіһкмнтв', 'aeopcyxihkmhtb');

-- Codes (qualification, college, region): upper case, no spaces, Cyrillic look-alikes as Latin ('5АВ' -> '5AB').
create or replace macro fold_code(s) as
    nullif(translate(upper(regexp_replace(trim(s), '\s+', '', 'g')), 'АВЕКМНОРСТУХІҺ', 'ABEKMHOPCTYXIH'), '');

-- '2024', '2024/25', '2024-2025', '2024–25 уч. год' -> 2024
create or replace macro year_of(s) as
    try_cast(nullif(regexp_extract(trim(s), '^(\d{4})(\s*[/\-–]\s*\d{2,4})?(\D.*)?$', 1), '') as integer);

create or replace macro date_of(s) as
    coalesce(try_strptime(trim(s), '%Y-%m-%d'), try_strptime(trim(s), '%d.%m.%Y'))::date;

-- '06130100', '06130100 Программное обеспечение', '06130100 — Name', 'Специальность: 06130100' -> '06130100'
create or replace macro specialty_of(s) as
    nullif(regexp_extract(trim(s), '^\D*?(\d{8})(\D.*)?$', 1), '');

-- Old 7-digit codes of the 2008 classifier ('1304000').
create or replace macro old_specialty_of(s) as
    nullif(regexp_extract(trim(s), '^\D*?(\d{7})(\D.*)?$', 1), '');

create or replace macro isced_of(s) as
    nullif(regexp_extract(trim(s), '^(\d{2,4})$', 1), '');

create or replace macro bool_of(s) as
    case when fold_key(s) in (fold_key('true'), fold_key('yes'), '1', fold_key('да'), fold_key('иә')) then true
         when fold_key(s) in (fold_key('false'), fold_key('no'), '0', fold_key('нет'), fold_key('жоқ')) then false end;
