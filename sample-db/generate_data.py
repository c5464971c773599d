#!/usr/bin/env python3
"""Generate sample-db/data.sql, the rows of the bundled `bookstore` database.

    python3 sample-db/generate_data.py            # rewrites sample-db/data.sql
    python3 sample-db/generate_data.py --check    # exit 1 if data.sql is not up to date

Plain Python 3, no Django. Deterministic: everything random comes from one
`random.Random(2026)` drawn in a fixed order, so the same script always writes
the same bytes.

The facts (authors, birth dates, titles, first publication dates) are real;
where only the year or month of first publication is known, the missing month
and day are made up (drawn from the generator). Publishers, prices, ISBNs,
ratings, stores, stock and reviews are synthetic. An author's `age` is their
age at death.

Every literal is written exactly as Django 5.2 stores the value on SQLite
(checked by sample-db/check_data.py, which saves the same rows through the real
ORM and compares the raw tables): dates as 'YYYY-MM-DD' text, datetimes
(USE_TZ=True, UTC) as 'YYYY-MM-DD HH:MM:SS' text, booleans as 1/0, decimals as
numbers (the `decimal` column has NUMERIC affinity: 12.50 is stored as the REAL
12.5 and 10.00 as the INTEGER 10, exactly what Django's '12.50' / '10.00'
parameters become), floats as REAL.

data.sql is one INSERT per line, in foreign-key order, with explicit ids, and
no BEGIN/COMMIT (the loader decides about transactions). No value contains a
';' or a newline, so splitting the file on ";\\n" gives the statements.
"""

import datetime
import os
import random
import sys
import unicodedata
import urllib.parse
from decimal import ROUND_FLOOR, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data.sql")

# --- Publishers: (name, ISO country, founded or None, ISBN prefix, price base, price per page)

PUBLISHERS = [
    ("Penguin", "GB", 1935, "978014", "7.99", "0.012"),
    ("Oxford University Press", "GB", 1586, "978019", "8.99", "0.012"),
    ("Vintage", "US", 1954, "978009", "9.99", "0.012"),
    ("Wordsworth Editions", "GB", 1987, "978185326", "2.99", "0.003"),
    ("Dover Publications", "US", 1941, "978048", "3.00", "0.010"),
    ("Everyman's Library", "GB", 1906, "978185715", "20.00", "0.035"),
    ("Bantam Classics", "US", None, "978055", "4.95", "0.006"),
    ("Signet Classics", "US", None, "978045", "5.95", "0.006"),
    ("Modern Library", "US", 1917, "978037", "11.00", "0.015"),
    ("Gallimard", "FR", 1911, "978207", "5.50", "0.012"),
    ("Reclam", "DE", 1828, "978315", "3.00", "0.010"),
    ("Faber & Faber", "GB", 1929, "978057", "9.99", "0.012"),  # no books: book_count 0 in the view
]

# Publisher weights for a book, by the author's language. Faber & Faber gets none.
WEIGHTS_DEFAULT = {
    "Penguin": 30, "Oxford University Press": 14, "Vintage": 10, "Wordsworth Editions": 10,
    "Dover Publications": 9, "Everyman's Library": 9, "Bantam Classics": 6,
    "Signet Classics": 6, "Modern Library": 6,
}
WEIGHTS_BY_LANGUAGE = {
    "fr": dict(WEIGHTS_DEFAULT, **{"Gallimard": 100}),
    "de": dict(WEIGHTS_DEFAULT, **{"Reclam": 100}),
}

# --- Genres: (name, parent name). Parents come first (foreign-key order).

GENRES = [
    ("Fiction", None),
    ("Non-fiction", None),
    ("Literary Fiction", "Fiction"),
    ("Mystery", "Fiction"),
    ("Science Fiction", "Fiction"),
    ("Horror", "Fiction"),
    ("Adventure", "Fiction"),
    ("Children's", "Fiction"),
    ("Gothic", "Horror"),
    ("Detective", "Mystery"),
    ("Satire", "Literary Fiction"),
    ("Essays", "Non-fiction"),
    ("Travel", "Non-fiction"),
    ("Politics", "Non-fiction"),
]

# --- Authors: (name, born, died, age if a date is unknown, language, profile?, mentor, bio)
# Mentors come before their mentees (foreign-key order). `born` None = unknown.
# profile: "w" = profile with a Wikipedia link, "-" = profile without a website, "" = no profile.

AUTHORS = [
    ("Jane Austen", "1775-12-16", "1817-07-18", None, "en", "w", None,
     "English novelist of manners, irony and the marriage market."),
    ("Charles Dickens", "1812-02-07", "1870-06-09", None, "en", "", None,  # pk 2: no profile
     "English novelist and journalist, the great chronicler of Victorian London."),
    ("Charlotte Brontë", "1816-04-21", "1855-03-31", None, "en", "w", None,
     "English novelist and poet, the eldest of the three Brontë sisters to survive."),
    ("Emily Brontë", "1818-07-30", "1848-12-19", None, "en", "w", None,
     "English novelist and poet from the Yorkshire moors."),
    ("Anne Brontë", "1820-01-17", "1849-05-28", None, "en", "w", None,
     "English novelist and poet, the youngest of the Brontë sisters."),
    ("Bram Stoker", "1847-11-08", "1912-04-20", None, "en", "w", None,
     "Irish novelist and theatre manager."),
    ("Mary Shelley", "1797-08-30", "1851-02-01", None, "en", "w", None,
     "English novelist who wrote Frankenstein at nineteen."),
    ("George Eliot", "1819-11-22", "1880-12-22", None, "en", "w", None,
     "Pen name of Mary Ann Evans, English novelist, poet and translator."),
    ("Thomas Hardy", "1840-06-02", "1928-01-11", None, "en", "w", None,
     "English novelist and poet of rural Wessex."),
    ("Oscar Wilde", "1854-10-16", "1900-11-30", None, "en", "w", None,
     "Irish poet, playwright and wit."),
    ("Arthur Conan Doyle", "1859-05-22", "1930-07-07", None, "en", "w", None,
     "British writer and physician, creator of Sherlock Holmes."),
    ("Robert Louis Stevenson", "1850-11-13", "1894-12-03", None, "en", "w", None,
     "Scottish novelist, poet and travel writer."),
    ("Lloyd Osbourne", "1868-04-07", "1947-05-22", None, "en", "", None,
     "American author, stepson and collaborator of Robert Louis Stevenson."),
    ("H. G. Wells", "1866-09-21", "1946-08-13", None, "en", "w", None,
     "English writer, a father of science fiction."),
    ("Joseph Conrad", "1857-12-03", "1924-08-03", None, "en", "w", None,
     "Polish-British novelist and former merchant seaman."),
    ("Ford Madox Ford", "1873-12-17", "1939-06-26", None, "en", "", None,
     "English novelist, critic and editor."),
    ("D. H. Lawrence", "1885-09-11", "1930-03-02", None, "en", "w", "Ford Madox Ford",
     "English novelist, poet and essayist."),
    ("Rudyard Kipling", "1865-12-30", "1936-01-18", None, "en", "", None,
     "English writer born in Bombay, Nobel laureate 1907."),
    ("Lewis Carroll", "1832-01-27", "1898-01-14", None, "en", "", None,
     "Pen name of Charles Dodgson, Oxford mathematician and writer."),
    ("Wilkie Collins", "1824-01-08", "1889-09-23", None, "en", "w", "Charles Dickens",
     "English novelist, a pioneer of the detective novel."),
    ("Anthony Trollope", "1815-04-24", "1882-12-06", None, "en", "", None,
     "English novelist of the Barsetshire chronicles."),
    ("William Makepeace Thackeray", "1811-07-18", "1863-12-24", None, "en", "", None,
     "English novelist and satirist."),
    ("Elizabeth Gaskell", "1810-09-29", "1865-11-12", None, "en", "w", None,
     "English novelist and biographer."),
    ("Virginia Woolf", "1882-01-25", "1941-03-28", None, "en", "w", None,
     "English modernist novelist and essayist."),
    ("James Joyce", "1882-02-02", "1941-01-13", None, "en", "", None,
     "Irish modernist novelist and poet."),
    ("George Orwell", "1903-06-25", "1950-01-21", None, "en", "w", None,
     "Pen name of Eric Blair, English novelist and essayist."),
    ("Jonathan Swift", "1667-11-30", "1745-10-19", None, "en", "", None,
     "Anglo-Irish satirist and Dean of St Patrick's, Dublin."),
    ("Daniel Defoe", None, "1731-04-24", 70, "en", "-", None,
     "English trader, journalist and novelist."),
    ("Mark Twain", "1835-11-30", "1910-04-21", None, "en", "w", None,
     "Pen name of Samuel Clemens, American humorist and novelist."),
    ("Charles Dudley Warner", "1829-09-12", "1900-10-20", None, "en", "", None,
     "American essayist and novelist."),
    ("Herman Melville", "1819-08-01", "1891-09-28", None, "en", "", None,
     "American novelist and poet."),
    ("Nathaniel Hawthorne", "1804-07-04", "1864-05-19", None, "en", "", None,
     "American novelist of New England."),
    ("Edgar Allan Poe", "1809-01-19", "1849-10-07", None, "en", "w", None,
     "American poet, critic and writer of tales."),
    ("Henry James", "1843-04-15", "1916-02-28", None, "en", "", None,
     "American-British novelist."),
    ("Edith Wharton", "1862-01-24", "1937-08-11", None, "en", "", None,
     "American novelist, first woman to win the Pulitzer Prize for Fiction."),
    ("Jack London", "1876-01-12", "1916-11-22", None, "en", "", None,
     "American novelist and journalist."),
    ("F. Scott Fitzgerald", "1896-09-24", "1940-12-21", None, "en", "w", None,
     "American novelist of the Jazz Age."),
    ("Louisa May Alcott", "1832-11-29", "1888-03-06", None, "en", "", None,
     "American novelist and poet."),
    ("Ralph Waldo Emerson", "1803-05-25", "1882-04-27", None, "en", "w", None,
     "American essayist and lecturer, leader of Transcendentalism."),
    ("Henry David Thoreau", "1817-07-12", "1862-05-06", None, "en", "w", "Ralph Waldo Emerson",
     "American naturalist, essayist and philosopher."),
    ("Sarah Orne Jewett", "1849-09-03", "1909-06-24", None, "en", "", None,
     "American novelist of coastal Maine."),
    ("Willa Cather", "1873-12-07", "1947-04-24", None, "en", "w", "Sarah Orne Jewett",
     "American novelist of the Great Plains."),
    ("Kate Chopin", "1850-02-08", "1904-08-22", None, "en", "-", None,
     "American writer of Louisiana stories."),
    ("Victor Hugo", "1802-02-26", "1885-05-22", None, "fr", "w", None,
     "French poet, novelist and dramatist."),
    ("Alexandre Dumas", "1802-07-24", "1870-12-05", None, "fr", "", None,
     "French novelist and playwright."),
    ("Louis Bouilhet", "1821-05-27", "1869-07-18", None, "fr", "", None,
     "French poet and dramatist, Flaubert's closest friend and reader."),
    ("Gustave Flaubert", "1821-12-12", "1880-05-08", None, "fr", "w", "Louis Bouilhet",
     "French novelist."),
    ("Guy de Maupassant", "1850-08-05", "1893-07-06", None, "fr", "w", "Gustave Flaubert",
     "French writer, master of the short story."),
    ("Émile Zola", "1840-04-02", "1902-09-29", None, "fr", "w", None,
     "French novelist and journalist, leader of naturalism."),
    ("Honoré de Balzac", "1799-05-20", "1850-08-18", None, "fr", "w", None,
     "French novelist and playwright of La Comédie humaine."),
    ("Jules Verne", "1828-02-08", "1905-03-24", None, "fr", "", None,
     "French novelist of extraordinary voyages."),
    ("Leo Tolstoy", "1828-09-09", "1910-11-20", None, "ru", "w", None,
     "Russian novelist."),
    ("Fyodor Dostoevsky", "1821-11-11", "1881-02-09", None, "ru", "w", None,
     "Russian novelist and journalist."),
    ("Alexander Pushkin", "1799-06-06", "1837-02-10", None, "ru", "", None,
     "Russian poet, playwright and novelist."),
    ("Nikolai Gogol", "1809-04-01", "1852-03-04", None, "ru", "-", "Alexander Pushkin",
     "Russian dramatist and novelist born in Ukraine."),
    ("Anton Chekhov", "1860-01-29", "1904-07-15", None, "ru", "w", None,
     "Russian playwright, short-story writer and physician."),
    ("Ivan Turgenev", "1818-11-09", "1883-09-03", None, "ru", "", None,
     "Russian novelist and playwright."),
    ("Johann Wolfgang von Goethe", "1749-08-28", "1832-03-22", None, "de", "w", None,
     "German poet, playwright, novelist and scientist."),
    ("Franz Kafka", "1883-07-03", "1924-06-03", None, "de", "w", None,
     "German-speaking Bohemian novelist and insurance clerk."),
    ("Thomas Mann", "1875-06-06", "1955-08-12", None, "de", "", None,
     "German novelist, Nobel laureate 1929."),
    ("Miguel de Cervantes", "1547-09-29", "1616-04-22", None, "es", "w", None,
     "Spanish novelist, poet and soldier."),
    ("Benito Pérez Galdós", "1843-05-10", "1920-01-04", None, "es", "w", None,
     "Spanish novelist of Madrid life."),
    ("Dante Alighieri", None, "1321-09-14", 56, "it", "w", None,
     "Florentine poet, author of the Divine Comedy. His birth date is unknown."),
    ("Alexander Hamilton", None, "1804-07-12", 49, "en", "", None,
     "American statesman; born 1755 or 1757."),
    ("James Madison", "1751-03-16", "1836-06-28", None, "en", "", None,
     "American statesman, fourth President of the United States."),
    ("John Jay", "1745-12-23", "1829-05-17", None, "en", "", None,
     "American statesman, first Chief Justice of the United States."),
]

# --- Books: (title, author(s), first publication, approximate pages, genre or None)
# Dates: "YYYY-MM-DD"; "YYYY-MM" or "YYYY" when only that much is known.
# Poetry and plays have no genre.

LIT, MYS, SF, HOR, ADV, CHI = "Literary Fiction", "Mystery", "Science Fiction", "Horror", "Adventure", "Children's"
GOT, DET, SAT, FIC = "Gothic", "Detective", "Satire", "Fiction"
ESS, TRV, POL, NF = "Essays", "Travel", "Politics", "Non-fiction"

BOOKS = [
    # Jane Austen
    ("Sense and Sensibility", "Jane Austen", "1811-10-30", 409, LIT),
    ("Pride and Prejudice", "Jane Austen", "1813-01-28", 480, LIT),
    ("Mansfield Park", "Jane Austen", "1814-05-09", 507, LIT),
    ("Emma", "Jane Austen", "1815-12-23", 474, LIT),
    ("Northanger Abbey", "Jane Austen", "1817-12-20", 251, SAT),
    ("Persuasion", "Jane Austen", "1817-12-20", 249, LIT),
    # Charles Dickens
    ("The Pickwick Papers", "Charles Dickens", "1836-03-31", 801, SAT),
    ("Oliver Twist", "Charles Dickens", "1837-02", 554, LIT),
    ("Nicholas Nickleby", "Charles Dickens", "1838-03-31", 831, LIT),
    ("American Notes", "Charles Dickens", "1842-10-19", 328, TRV),
    ("A Christmas Carol", "Charles Dickens", "1843-12-19", 104, FIC),
    ("David Copperfield", "Charles Dickens", "1849-05-01", 882, LIT),
    ("Bleak House", "Charles Dickens", "1852-03-01", 1036, LIT),
    ("Hard Times", "Charles Dickens", "1854-04-01", 327, LIT),
    ("A Tale of Two Cities", "Charles Dickens", "1859-04-30", 489, LIT),
    ("Great Expectations", "Charles Dickens", "1860-12-01", 544, LIT),
    ("Our Mutual Friend", "Charles Dickens", "1864-05-01", 880, LIT),
    ("The Lazy Tour of Two Idle Apprentices", ("Charles Dickens", "Wilkie Collins"), "1857-10-03", 120, FIC),
    ("No Thoroughfare", ("Charles Dickens", "Wilkie Collins"), "1867-12-12", 180, MYS),
    # The Brontës
    ("Poems by Currer, Ellis, and Acton Bell", ("Charlotte Brontë", "Emily Brontë", "Anne Brontë"), "1846-05", 165, None),
    ("Jane Eyre", "Charlotte Brontë", "1847-10-16", 532, LIT),
    ("Wuthering Heights", "Emily Brontë", "1847-12", 416, GOT),
    ("Agnes Grey", "Anne Brontë", "1847-12", 256, LIT),
    ("The Tenant of Wildfell Hall", "Anne Brontë", "1848-06", 528, LIT),
    ("Shirley", "Charlotte Brontë", "1849-10-26", 624, LIT),
    ("Villette", "Charlotte Brontë", "1853-01-28", 573, LIT),
    ("The Professor", "Charlotte Brontë", "1857-06", 290, LIT),
    # Bram Stoker
    ("Dracula", "Bram Stoker", "1897-05-26", 418, GOT),
    ("The Jewel of Seven Stars", "Bram Stoker", "1903", 337, HOR),
    ("The Lady of the Shroud", "Bram Stoker", "1909", 365, GOT),
    ("The Lair of the White Worm", "Bram Stoker", "1911", 228, HOR),
    ("Dracula's Guest", "Bram Stoker", "1914", 208, HOR),
    # Mary Shelley
    ("Frankenstein", "Mary Shelley", "1818-01-01", 280, SF),
    ("The Last Man", "Mary Shelley", "1826-02", 479, SF),
    # George Eliot
    ("Adam Bede", "George Eliot", "1859-02-01", 624, LIT),
    ("The Mill on the Floss", "George Eliot", "1860-04-04", 545, LIT),
    ("Silas Marner", "George Eliot", "1861-04-02", 224, LIT),
    ("Middlemarch", "George Eliot", "1871-12-01", 880, LIT),
    # Thomas Hardy
    ("Far from the Madding Crowd", "Thomas Hardy", "1874-11-23", 480, LIT),
    ("The Return of the Native", "Thomas Hardy", "1878-01", 464, LIT),
    ("The Mayor of Casterbridge", "Thomas Hardy", "1886-01-02", 400, LIT),
    ("Tess of the d'Urbervilles", "Thomas Hardy", "1891-07-04", 518, LIT),
    ("Jude the Obscure", "Thomas Hardy", "1895-11-01", 490, LIT),
    # Oscar Wilde
    ("The Happy Prince and Other Tales", "Oscar Wilde", "1888-05", 116, CHI),
    ("The Picture of Dorian Gray", "Oscar Wilde", "1890-06-20", 254, GOT),
    ("Lady Windermere's Fan", "Oscar Wilde", "1893", 96, None),
    ("The Ballad of Reading Gaol", "Oscar Wilde", "1898-02-13", 54, None),
    ("The Importance of Being Earnest", "Oscar Wilde", "1899", 102, SAT),
    # Arthur Conan Doyle
    ("A Study in Scarlet", "Arthur Conan Doyle", "1887-11", 188, DET),
    ("The Sign of the Four", "Arthur Conan Doyle", "1890-02", 160, DET),
    ("The Adventures of Sherlock Holmes", "Arthur Conan Doyle", "1892-10-14", 307, DET),
    ("The Hound of the Baskervilles", "Arthur Conan Doyle", "1902-03-25", 256, DET),
    ("The Lost World", "Arthur Conan Doyle", "1912-10", 320, ADV),
    # Robert Louis Stevenson (and Lloyd Osbourne)
    ("Travels with a Donkey in the Cévennes", "Robert Louis Stevenson", "1879-06", 144, TRV),
    ("Treasure Island", "Robert Louis Stevenson", "1883-11-14", 292, ADV),
    ("A Child's Garden of Verses", "Robert Louis Stevenson", "1885-03", 101, CHI),
    ("Strange Case of Dr Jekyll and Mr Hyde", "Robert Louis Stevenson", "1886-01-05", 141, HOR),
    ("Kidnapped", "Robert Louis Stevenson", "1886-07", 312, ADV),
    ("The Wrong Box", ("Robert Louis Stevenson", "Lloyd Osbourne"), "1889-06", 260, FIC),
    ("The Ebb-Tide", ("Robert Louis Stevenson", "Lloyd Osbourne"), "1894-09", 240, ADV),
    # H. G. Wells
    ("The Time Machine", "H. G. Wells", "1895-05-07", 118, SF),
    ("The Island of Doctor Moreau", "H. G. Wells", "1896-04", 176, SF),
    ("The Invisible Man", "H. G. Wells", "1897-06", 192, SF),
    ("The War of the Worlds", "H. G. Wells", "1898-01", 287, SF),
    ("The Outline of History", "H. G. Wells", "1920", 1171, NF),
    # Joseph Conrad (and Ford Madox Ford)
    ("Almayer's Folly", "Joseph Conrad", "1895-04-29", 208, LIT),
    ("Heart of Darkness", "Joseph Conrad", "1899-02", 96, LIT),
    ("Lord Jim", "Joseph Conrad", "1900-10", 416, ADV),
    ("The Secret Agent", "Joseph Conrad", "1907-09", 304, MYS),
    ("The Inheritors", ("Joseph Conrad", "Ford Madox Ford"), "1901-06", 208, SF),
    ("Romance", ("Joseph Conrad", "Ford Madox Ford"), "1903-10", 428, ADV),
    ("The Good Soldier", "Ford Madox Ford", "1915-03-17", 256, LIT),
    ("Some Do Not...", "Ford Madox Ford", "1924-04", 352, LIT),
    # D. H. Lawrence
    ("Sons and Lovers", "D. H. Lawrence", "1913-05-29", 512, LIT),
    ("Sea and Sardinia", "D. H. Lawrence", "1921-12", 240, TRV),
    ("Lady Chatterley's Lover", "D. H. Lawrence", "1928-07", 384, LIT),
    # Rudyard Kipling
    ("Plain Tales from the Hills", "Rudyard Kipling", "1888-01", 288, FIC),
    ("The Jungle Book", "Rudyard Kipling", "1894-05", 212, CHI),
    ("Kim", "Rudyard Kipling", "1901-10", 368, ADV),
    ("Just So Stories", "Rudyard Kipling", "1902", 249, CHI),
    # Lewis Carroll
    ("Alice's Adventures in Wonderland", "Lewis Carroll", "1865-11-26", 192, CHI),
    ("Through the Looking-Glass", "Lewis Carroll", "1871-12-27", 224, CHI),
    ("The Hunting of the Snark", "Lewis Carroll", "1876-03-29", 83, None),
    # Wilkie Collins
    ("The Woman in White", "Wilkie Collins", "1859-11-26", 720, MYS),
    ("No Name", "Wilkie Collins", "1862-03-15", 752, MYS),
    ("The Moonstone", "Wilkie Collins", "1868-01-04", 528, DET),
    # Anthony Trollope
    ("Barchester Towers", "Anthony Trollope", "1857-05", 560, SAT),
    ("Can You Forgive Her?", "Anthony Trollope", "1864-01", 832, LIT),
    ("The Way We Live Now", "Anthony Trollope", "1874-02", 896, SAT),
    # William Makepeace Thackeray
    ("The Luck of Barry Lyndon", "William Makepeace Thackeray", "1844-01", 320, SAT),
    ("Vanity Fair", "William Makepeace Thackeray", "1847-01", 912, SAT),
    ("The Rose and the Ring", "William Makepeace Thackeray", "1854-12", 128, CHI),
    # Elizabeth Gaskell
    ("Cranford", "Elizabeth Gaskell", "1851-12-13", 240, LIT),
    ("North and South", "Elizabeth Gaskell", "1854-09-02", 528, LIT),
    ("The Life of Charlotte Brontë", "Elizabeth Gaskell", "1857-03", 592, NF),
    ("Wives and Daughters", "Elizabeth Gaskell", "1864-08", 704, LIT),
    # Virginia Woolf
    ("Jacob's Room", "Virginia Woolf", "1922-10-26", 176, LIT),
    ("Mrs Dalloway", "Virginia Woolf", "1925-05-14", 194, LIT),
    ("To the Lighthouse", "Virginia Woolf", "1927-05-05", 209, LIT),
    ("Orlando", "Virginia Woolf", "1928-10-11", 333, LIT),
    ("A Room of One's Own", "Virginia Woolf", "1929-10-24", 172, ESS),
    ("A Writer's Diary", "Virginia Woolf", "1953", 372, NF),
    # James Joyce
    ("Dubliners", "James Joyce", "1914-06-15", 224, LIT),
    ("A Portrait of the Artist as a Young Man", "James Joyce", "1916-12-29", 329, LIT),
    ("Ulysses", "James Joyce", "1922-02-02", 730, LIT),
    ("Finnegans Wake", "James Joyce", "1939-05-04", 628, LIT),
    # George Orwell
    ("Down and Out in Paris and London", "George Orwell", "1933-01-09", 213, NF),
    ("The Road to Wigan Pier", "George Orwell", "1937-03-08", 264, POL),
    ("Homage to Catalonia", "George Orwell", "1938-04-25", 232, POL),
    ("Animal Farm", "George Orwell", "1945-08-17", 112, SAT),
    ("Nineteen Eighty-Four", "George Orwell", "1949-06-08", 328, SF),
    ("Shooting an Elephant and Other Essays", "George Orwell", "1950-10", 212, ESS),
    ("Such, Such Were the Joys", "George Orwell", "1952-09", 72, ESS),
    # Jonathan Swift
    ("A Tale of a Tub", "Jonathan Swift", "1704", 208, SAT),
    ("Gulliver's Travels", "Jonathan Swift", "1726-10-28", 362, SAT),
    ("A Modest Proposal", "Jonathan Swift", "1729", 52, SAT),
    # Daniel Defoe
    ("Robinson Crusoe", "Daniel Defoe", "1719-04-25", 320, ADV),
    ("Moll Flanders", "Daniel Defoe", "1722-01-27", 432, LIT),
    ("A Journal of the Plague Year", "Daniel Defoe", "1722-03", 288, FIC),
    # Mark Twain (and Charles Dudley Warner)
    ("The Innocents Abroad", "Mark Twain", "1869-07-20", 672, TRV),
    ("My Summer in a Garden", "Charles Dudley Warner", "1870", 183, ESS),
    ("The Gilded Age", ("Mark Twain", "Charles Dudley Warner"), "1873-12", 592, SAT),
    ("The Adventures of Tom Sawyer", "Mark Twain", "1876-06-09", 274, ADV),
    ("Life on the Mississippi", "Mark Twain", "1883", 464, TRV),
    ("Adventures of Huckleberry Finn", "Mark Twain", "1884-12-10", 366, ADV),
    ("A Connecticut Yankee in King Arthur's Court", "Mark Twain", "1889-12", 448, SAT),
    ("Pudd'nhead Wilson", "Mark Twain", "1894-11", 240, LIT),
    ("Letters from the Earth", "Mark Twain", "1962", 304, ESS),
    # Herman Melville
    ("Typee", "Herman Melville", "1846-02-26", 336, ADV),
    ("Moby-Dick", "Herman Melville", "1851-10-18", 635, ADV),
    ("Bartleby, the Scrivener", "Herman Melville", "1853-11", 64, LIT),
    ("The Confidence-Man", "Herman Melville", "1857-04-01", 352, SAT),
    # Nathaniel Hawthorne
    ("Twice-Told Tales", "Nathaniel Hawthorne", "1837", 336, FIC),
    ("The Scarlet Letter", "Nathaniel Hawthorne", "1850-03-16", 272, LIT),
    ("The House of the Seven Gables", "Nathaniel Hawthorne", "1851-04", 344, GOT),
    ("A Wonder-Book for Girls and Boys", "Nathaniel Hawthorne", "1851-11", 256, CHI),
    # Edgar Allan Poe
    ("The Fall of the House of Usher", "Edgar Allan Poe", "1839-09", 64, GOT),
    ("The Murders in the Rue Morgue", "Edgar Allan Poe", "1841-04", 58, DET),
    ("The Tell-Tale Heart", "Edgar Allan Poe", "1843-01", 50, HOR),
    ("The Gold-Bug", "Edgar Allan Poe", "1843-06-21", 60, MYS),
    ("The Raven and Other Poems", "Edgar Allan Poe", "1845-11-19", 100, None),
    # Henry James
    ("Daisy Miller", "Henry James", "1878-06", 96, LIT),
    ("Washington Square", "Henry James", "1880-06", 220, LIT),
    ("The Portrait of a Lady", "Henry James", "1881-11", 656, LIT),
    ("The Turn of the Screw", "Henry James", "1898-01-27", 128, GOT),
    # Edith Wharton
    ("The House of Mirth", "Edith Wharton", "1905-10-14", 329, LIT),
    ("Ethan Frome", "Edith Wharton", "1911-09", 195, LIT),
    ("The Age of Innocence", "Edith Wharton", "1920-10", 365, LIT),
    # Jack London
    ("The Call of the Wild", "Jack London", "1903-08", 172, ADV),
    ("The People of the Abyss", "Jack London", "1903", 319, POL),
    ("White Fang", "Jack London", "1906-10", 298, ADV),
    ("The Iron Heel", "Jack London", "1908-02", 354, SF),
    # F. Scott Fitzgerald
    ("This Side of Paradise", "F. Scott Fitzgerald", "1920-03-26", 305, LIT),
    ("The Great Gatsby", "F. Scott Fitzgerald", "1925-04-10", 180, LIT),
    ("Tender Is the Night", "F. Scott Fitzgerald", "1934-04-12", 317, LIT),
    # Louisa May Alcott
    ("Little Women", "Louisa May Alcott", "1868-09-30", 402, CHI),
    ("Little Men", "Louisa May Alcott", "1871-06", 376, CHI),
    ("Jo's Boys", "Louisa May Alcott", "1886-10", 365, CHI),
    # Ralph Waldo Emerson, Henry David Thoreau
    ("Nature", "Ralph Waldo Emerson", "1836-09-09", 95, ESS),
    ("Essays: First Series", "Ralph Waldo Emerson", "1841-03", 303, ESS),
    ("English Traits", "Ralph Waldo Emerson", "1856-08", 312, TRV),
    ("Civil Disobedience", "Henry David Thoreau", "1849-05-14", 52, POL),
    ("A Week on the Concord and Merrimack Rivers", "Henry David Thoreau", "1849-05-30", 413, TRV),
    ("Walden", "Henry David Thoreau", "1854-08-09", 352, ESS),
    # Sarah Orne Jewett, Willa Cather, Kate Chopin
    ("Deephaven", "Sarah Orne Jewett", "1877-04", 255, LIT),
    ("The Country of the Pointed Firs", "Sarah Orne Jewett", "1896-11", 213, LIT),
    ("Alexander's Bridge", "Willa Cather", "1912-04", 174, LIT),
    ("O Pioneers!", "Willa Cather", "1913-06", 308, LIT),
    ("My Ántonia", "Willa Cather", "1918-09", 419, LIT),
    ("Death Comes for the Archbishop", "Willa Cather", "1927-09", 303, LIT),
    ("At Fault", "Kate Chopin", "1890-09", 321, LIT),
    ("Bayou Folk", "Kate Chopin", "1894-03-24", 313, FIC),
    ("The Awakening", "Kate Chopin", "1899-04-22", 195, LIT),
    # Victor Hugo
    ("The Last Day of a Condemned Man", "Victor Hugo", "1829-02", 112, LIT),
    ("The Hunchback of Notre-Dame", "Victor Hugo", "1831-03-16", 512, LIT),
    ("Les Misérables", "Victor Hugo", "1862-04-03", 1463, LIT),
    ("The Toilers of the Sea", "Victor Hugo", "1866-03", 448, ADV),
    # Alexandre Dumas
    ("The Three Musketeers", "Alexandre Dumas", "1844-03-14", 700, ADV),
    ("The Count of Monte Cristo", "Alexandre Dumas", "1844-08-28", 1276, ADV),
    ("Queen Margot", "Alexandre Dumas", "1844-12-25", 560, LIT),
    # Gustave Flaubert, Guy de Maupassant
    ("Madame Bovary", "Gustave Flaubert", "1856-10-01", 368, LIT),
    ("Salammbô", "Gustave Flaubert", "1862-11-24", 432, LIT),
    ("Sentimental Education", "Gustave Flaubert", "1869-11-17", 464, LIT),
    ("Three Tales", "Gustave Flaubert", "1877-04-24", 128, LIT),
    ("Boule de Suif", "Guy de Maupassant", "1880-04-16", 64, LIT),
    ("Bel-Ami", "Guy de Maupassant", "1885-04", 416, LIT),
    ("The Horla", "Guy de Maupassant", "1887-05", 96, HOR),
    ("Pierre and Jean", "Guy de Maupassant", "1888-01", 176, LIT),
    # Émile Zola
    ("Thérèse Raquin", "Émile Zola", "1867-08", 256, LIT),
    ("L'Assommoir", "Émile Zola", "1877-01", 528, LIT),
    ("Nana", "Émile Zola", "1880", 464, LIT),
    ("The Ladies' Paradise", "Émile Zola", "1883-03", 432, LIT),
    ("Germinal", "Émile Zola", "1885-03", 592, LIT),
    ("J'accuse", "Émile Zola", "1898-01-13", 50, POL),
    # Honoré de Balzac
    ("The Chouans", "Honoré de Balzac", "1829-03", 400, LIT),
    ("Eugénie Grandet", "Honoré de Balzac", "1833", 256, LIT),
    ("Père Goriot", "Honoré de Balzac", "1834-12", 304, LIT),
    ("Cousin Bette", "Honoré de Balzac", "1846-10", 480, LIT),
    # Jules Verne
    ("Five Weeks in a Balloon", "Jules Verne", "1863-01-31", 320, ADV),
    ("Journey to the Centre of the Earth", "Jules Verne", "1864-11-25", 272, SF),
    ("From the Earth to the Moon", "Jules Verne", "1865", 224, SF),
    ("Twenty Thousand Leagues Under the Seas", "Jules Verne", "1869-03-20", 464, SF),
    ("Around the World in Eighty Days", "Jules Verne", "1872-11-06", 256, ADV),
    # Leo Tolstoy
    ("Childhood", "Leo Tolstoy", "1852-09", 128, LIT),
    ("War and Peace", "Leo Tolstoy", "1865", 1296, LIT),
    ("Anna Karenina", "Leo Tolstoy", "1875-01", 864, LIT),
    ("The Death of Ivan Ilyich", "Leo Tolstoy", "1886", 96, LIT),
    ("Resurrection", "Leo Tolstoy", "1899-03", 560, LIT),
    # Fyodor Dostoevsky
    ("Notes from Underground", "Fyodor Dostoevsky", "1864", 136, LIT),
    ("Crime and Punishment", "Fyodor Dostoevsky", "1866-01", 671, LIT),
    ("The Idiot", "Fyodor Dostoevsky", "1868-01", 656, LIT),
    ("Demons", "Fyodor Dostoevsky", "1871-01", 768, LIT),
    ("The Brothers Karamazov", "Fyodor Dostoevsky", "1879-01", 824, LIT),
    # Alexander Pushkin, Nikolai Gogol
    ("Eugene Onegin", "Alexander Pushkin", "1833", 240, None),
    ("The Queen of Spades", "Alexander Pushkin", "1834-03", 64, FIC),
    ("The Captain's Daughter", "Alexander Pushkin", "1836-12", 176, LIT),
    ("Taras Bulba", "Nikolai Gogol", "1835", 192, ADV),
    ("The Government Inspector", "Nikolai Gogol", "1836-04", 112, SAT),
    ("Dead Souls", "Nikolai Gogol", "1842-05", 432, SAT),
    ("The Overcoat", "Nikolai Gogol", "1842", 64, LIT),
    # Anton Chekhov
    ("The Seagull", "Anton Chekhov", "1896-12", 80, None),
    ("The Lady with the Dog", "Anton Chekhov", "1899-12", 64, LIT),
    ("Three Sisters", "Anton Chekhov", "1901", 96, None),
    ("The Cherry Orchard", "Anton Chekhov", "1904", 80, None),
    # Ivan Turgenev
    ("A Sportsman's Sketches", "Ivan Turgenev", "1852", 384, FIC),
    ("Rudin", "Ivan Turgenev", "1856-01", 176, LIT),
    ("First Love", "Ivan Turgenev", "1860-03", 96, LIT),
    ("Fathers and Sons", "Ivan Turgenev", "1862-02", 244, LIT),
    # Johann Wolfgang von Goethe
    ("The Sorrows of Young Werther", "Johann Wolfgang von Goethe", "1774-09", 160, LIT),
    ("Wilhelm Meister's Apprenticeship", "Johann Wolfgang von Goethe", "1795", 560, LIT),
    ("Faust, Part One", "Johann Wolfgang von Goethe", "1808", 256, None),
    ("Italian Journey", "Johann Wolfgang von Goethe", "1816", 508, TRV),
    # Franz Kafka
    ("The Metamorphosis", "Franz Kafka", "1915-10", 72, LIT),
    ("In the Penal Colony", "Franz Kafka", "1919-10", 56, LIT),
    ("The Trial", "Franz Kafka", "1925-04-26", 256, LIT),
    ("The Castle", "Franz Kafka", "1926", 352, LIT),
    ("Letter to His Father", "Franz Kafka", "1952", 80, NF),
    # Thomas Mann
    ("Buddenbrooks", "Thomas Mann", "1901-10", 731, LIT),
    ("Death in Venice", "Thomas Mann", "1912-10", 96, LIT),
    ("The Magic Mountain", "Thomas Mann", "1924-11", 854, LIT),
    ("The Holy Sinner", "Thomas Mann", "1951", 336, LIT),
    ("Confessions of Felix Krull, Confidence Man", "Thomas Mann", "1954", 384, SAT),
    # Miguel de Cervantes, Benito Pérez Galdós, Dante Alighieri
    ("Don Quixote", "Miguel de Cervantes", "1605-01-16", 1056, SAT),
    ("Exemplary Novels", "Miguel de Cervantes", "1613", 480, FIC),
    ("Doña Perfecta", "Benito Pérez Galdós", "1876", 288, LIT),
    ("Fortunata and Jacinta", "Benito Pérez Galdós", "1887", 1184, LIT),
    ("Misericordia", "Benito Pérez Galdós", "1897", 320, LIT),
    ("La Vita Nuova", "Dante Alighieri", "1295", 96, None),
    ("The Divine Comedy", "Dante Alighieri", "1472-04-11", 798, None),  # first printed edition
    # The Federalist
    ("The Federalist Papers", ("Alexander Hamilton", "James Madison", "John Jay"), "1788-03-22", 592, POL),
]

# Fixed points of the lessons: always in print, whatever the generator draws.
ALWAYS_IN_PRINT = {"Dracula", "Bleak House", "Pride and Prejudice"}

# --- Stores: (name, city, opened) and how many books each stocks (900 stock rows in all).

STORES = [
    ("Chapter & Verse", "London", "1998-03-14", 200),
    ("Riverside Books", "New York", "1987-09-01", 180),
    ("Finnegan's Books", "Dublin", "2004-05-20", 150),
    ("Librairie du Quai", "Paris", "1979-10-02", 140),
    ("Beacon Hill Books", "Boston", "2012-11-03", 130),
    ("Harbour Lights Books", "Edinburgh", "2019-06-21", 100),
]

# --- Reviews

N_REVIEWS = 1500
REVIEWERS = [
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
    "ken", "laura", "mallory", "nina", "oscar", "peggy", "quentin", "rupert", "sybil", "trent",
    "ursula", "victor", "walter", "wendy", "xavier", "yvonne", "zoe", "amir", "bea", "chen",
    "dmitri", "elena", "farah", "gus", "hana", "igor", "jamal", "kiko", "leon", "mia",
]
BODIES = {
    5: ["A masterpiece.", "Loved every page.", "Could not put it down.", "An all-time favourite.",
        "Even better on a second reading.", "Worth every minute."],
    4: ["Very good, if a little long.", "A rewarding read.", "Great characters.",
        "Better than I expected.", "Slow in places but worth it.", "Beautifully written."],
    3: ["Solid but uneven.", "Good in parts.", "Slow start, strong finish.",
        "Fine, not my favourite.", "Interesting, but dated.", "Read it for book club."],
    2: ["Hard going.", "Too long by half.", "Did not hold my attention.",
        "I wanted to like it more.", "The middle drags."],
    1: ["Could not finish it.", "Not for me.", "Dull from start to finish.",
        "I gave up after fifty pages."],
}
REVIEW_START = datetime.datetime(2015, 1, 1, 0, 0, 0)
REVIEW_END = datetime.datetime(2024, 12, 31, 23, 59, 59)

# --- Column order of each table, as Django's migrations create them (see tests/golden/schema.txt).

COLUMNS = {
    "bookstore_publisher": ["id", "name", "country", "founded"],
    "bookstore_genre": ["id", "name", "parent_id"],
    "bookstore_author": ["id", "name", "age", "email", "mentor_id"],
    "bookstore_authorprofile": ["id", "bio", "website", "born", "author_id"],
    "bookstore_book": ["id", "title", "isbn", "pages", "price", "rating", "pubdate", "in_print",
                       "publisher_id", "genre_id"],
    "bookstore_book_authors": ["id", "book_id", "author_id"],
    "bookstore_store": ["id", "name", "city", "opened"],
    "bookstore_stock": ["id", "quantity", "book_id", "store_id"],
    "bookstore_review": ["id", "reviewer", "rating", "body", "created", "is_deleted", "book_id"],
}
TABLE_ORDER = list(COLUMNS)  # foreign-key order


def ascii_fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def email_for(name):
    """firstname.lastname@example.com: every word of the name, ASCII-folded and lowercased."""
    words = ascii_fold(name).replace(".", " ").replace("'", "").lower().split()
    return ".".join(words) + "@example.com"


def parse_date(text):
    return datetime.date.fromisoformat(text)


def age_at_death(born, died):
    return died.year - born.year - ((died.month, died.day) < (born.month, born.day))


def fill_date(rng, spec):
    """A full date from "YYYY-MM-DD", "YYYY-MM" or "YYYY" (the missing parts drawn from rng)."""
    parts = [int(p) for p in spec.split("-")]
    if len(parts) == 1:
        parts.append(rng.randint(1, 12))
    if len(parts) == 2:
        parts.append(rng.randint(1, 28))
    return datetime.date(*parts)


def isbn13(prefix, rng, used):
    while True:
        body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(12 - len(prefix)))
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
        isbn = body + str((10 - total % 10) % 10)
        if isbn not in used:
            used.add(isbn)
            return isbn


def price_for(rng, base, per_page, pages):
    raw = Decimal(base) + Decimal(per_page) * pages
    whole = raw.to_integral_value(rounding=ROUND_FLOOR)
    cents = rng.choice(["0.99", "0.99", "0.95", "0.50", "0.00"])
    price = whole + Decimal(cents)
    return min(max(price, Decimal("3.00")), Decimal("60.00")).quantize(Decimal("0.01"))


def build():
    """All rows: {table: [dict(column -> Python value), ...]} with Python values
    (int, str, Decimal, float, bool, datetime.date, aware UTC datetime.datetime, None)."""
    rng = random.Random(2026)
    rows = {t: [] for t in TABLE_ORDER}

    # Publishers
    pub_ids = {}
    for i, (name, country, founded, _prefix, _base, _rate) in enumerate(PUBLISHERS, 1):
        pub_ids[name] = i
        rows["bookstore_publisher"].append(
            {"id": i, "name": name, "country": country, "founded": founded})

    # Genres
    genre_ids = {}
    for i, (name, parent) in enumerate(GENRES, 1):
        genre_ids[name] = i
        rows["bookstore_genre"].append(
            {"id": i, "name": name, "parent_id": genre_ids[parent] if parent else None})

    # Authors and profiles
    author_ids, author_lang = {}, {}
    for i, (name, born, died, age, lang, profile, mentor, bio) in enumerate(AUTHORS, 1):
        author_ids[name] = i
        author_lang[name] = lang
        if born is not None:
            age = age_at_death(parse_date(born), parse_date(died))
        rows["bookstore_author"].append({
            "id": i, "name": name, "age": age, "email": email_for(name),
            "mentor_id": author_ids[mentor] if mentor else None,
        })
        if profile:
            website = ""
            if profile == "w":
                website = "https://en.wikipedia.org/wiki/" + urllib.parse.quote(name.replace(" ", "_"))
            rows["bookstore_authorprofile"].append({
                "id": len(rows["bookstore_authorprofile"]) + 1, "bio": bio, "website": website,
                "born": parse_date(born) if born else None, "author_id": i,
            })

    # Books, in a shuffled order so that ids do not follow the authors.
    books = list(BOOKS)
    rng.shuffle(books)
    used_isbns = set()
    publisher_names = [p[0] for p in PUBLISHERS]
    publisher_by_name = {p[0]: p for p in PUBLISHERS}
    for i, (title, authors, date_spec, pages, genre) in enumerate(books, 1):
        authors = (authors,) if isinstance(authors, str) else authors
        weights = WEIGHTS_BY_LANGUAGE.get(author_lang[authors[0]], WEIGHTS_DEFAULT)
        publisher = rng.choices(publisher_names, [weights.get(n, 0) for n in publisher_names])[0]
        _name, _country, _founded, prefix, base, rate = publisher_by_name[publisher]
        pages = max(50, min(1500, round(pages * rng.uniform(0.95, 1.05))))
        rating = round(min(5.0, max(1.5, rng.gauss(3.9, 0.5))), 1)
        # Weaker sellers go out of print; the books the lessons lean on stay in print.
        in_print = rng.random() >= (0.25 if rating < 3.7 else 0.03) or title in ALWAYS_IN_PRINT
        rows["bookstore_book"].append({
            "id": i, "title": title, "isbn": isbn13(prefix, rng, used_isbns), "pages": pages,
            "price": price_for(rng, base, rate, pages), "rating": rating,
            "pubdate": fill_date(rng, date_spec), "in_print": in_print,
            "publisher_id": pub_ids[publisher], "genre_id": genre_ids[genre] if genre else None,
        })
        for name in authors:
            rows["bookstore_book_authors"].append({
                "id": len(rows["bookstore_book_authors"]) + 1, "book_id": i,
                "author_id": author_ids[name],
            })

    # Stores and stock
    book_ids = [b["id"] for b in rows["bookstore_book"]]
    for i, (name, city, opened, n_books) in enumerate(STORES, 1):
        rows["bookstore_store"].append(
            {"id": i, "name": name, "city": city, "opened": parse_date(opened)})
    for store_id, (_n, _c, _o, n_books) in enumerate(STORES, 1):
        for book_id in sorted(rng.sample(book_ids, n_books)):
            quantity = 0 if rng.random() < 0.08 else int(rng.triangular(1, 50, 4))
            rows["bookstore_stock"].append({
                "id": len(rows["bookstore_stock"]) + 1, "quantity": quantity,
                "book_id": book_id, "store_id": store_id,
            })

    # Reviews: better-rated books get more; a few books get none. Ids follow `created`.
    books_by_id = {b["id"]: b for b in rows["bookstore_book"]}
    unreviewed = set(rng.sample(book_ids, 12))
    weights = [0 if b in unreviewed else (books_by_id[b]["rating"] ** 3) * rng.uniform(0.3, 1.7)
               for b in book_ids]
    reviewer_weights = [1 / (k + 1) ** 0.6 for k in range(len(REVIEWERS))]
    span = int((REVIEW_END - REVIEW_START).total_seconds())
    seen, drafts = set(), []
    while len(drafts) < N_REVIEWS:
        book_id = rng.choices(book_ids, weights)[0]
        reviewer = rng.choices(REVIEWERS, reviewer_weights)[0]
        if (reviewer, book_id) in seen:
            continue
        seen.add((reviewer, book_id))
        rating = int(min(5, max(1, round(rng.gauss(books_by_id[book_id]["rating"], 0.9)))))
        created = REVIEW_START + datetime.timedelta(seconds=rng.randint(0, span))
        drafts.append({
            "reviewer": reviewer, "rating": rating, "body": rng.choice(BODIES[rating]),
            "created": created.replace(tzinfo=datetime.timezone.utc),
            "is_deleted": rng.random() < 0.05, "book_id": book_id,
        })
    drafts.sort(key=lambda r: (r["created"], r["book_id"], r["reviewer"]))
    for i, review in enumerate(drafts, 1):
        rows["bookstore_review"].append(dict(id=i, **review))

    return rows


def sql_literal(value):
    """A value as Django 5.2 stores it on SQLite (see the module docstring)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        # USE_TZ=True: Django converts to UTC and drops the offset.
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return "'" + str(value) + "'"
    if isinstance(value, datetime.date):
        return "'" + value.isoformat() + "'"
    if isinstance(value, str):
        if ";" in value or "\n" in value or "\r" in value:
            raise ValueError(f"value would break the one-statement-per-line format: {value!r}")
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def render(rows):
    lines = [
        "-- Rows of the bookstore sample database. Generated by sample-db/generate_data.py:",
        "-- do not edit by hand; change the script and run `python3 sample-db/generate_data.py`.",
    ]
    for table in TABLE_ORDER:
        cols = COLUMNS[table]
        head = f'INSERT INTO "{table}" (' + ", ".join(f'"{c}"' for c in cols) + ") VALUES ("
        for row in rows[table]:
            lines.append(head + ", ".join(sql_literal(row[c]) for c in cols) + ");")
    return "\n".join(lines) + "\n"


def sanity_check(rows):
    """Fail loudly if the tables drift away from what the spec and the lessons rely on."""
    def one(table, **where):
        found = [r for r in rows[table] if all(r[k] == v for k, v in where.items())]
        assert len(found) == 1, (table, where, len(found))
        return found[0]

    one("bookstore_publisher", name="Penguin")
    assert any("'" in p["name"] for p in rows["bookstore_publisher"])
    assert one("bookstore_author", name="Jane Austen")["email"] == "jane.austen@example.com"
    assert all(p["author_id"] != 2 for p in rows["bookstore_authorprofile"])
    emails = [a["email"] for a in rows["bookstore_author"]]
    assert len(set(emails)) == len(emails)
    dracula = one("bookstore_book", title="Dracula")
    assert dracula["pubdate"] == datetime.date(1897, 5, 26)
    one("bookstore_book", title="Bleak House")
    titles = [b["title"] for b in rows["bookstore_book"]]
    assert len(set(titles)) == len(titles), "duplicate titles"
    assert len(rows["bookstore_book"]) == 250, len(rows["bookstore_book"])
    for b in rows["bookstore_book"]:
        assert 50 <= b["pages"] <= 1500 and Decimal("3") <= b["price"] <= Decimal("60")
        assert 0.0 <= b["rating"] <= 5.0 and len(b["isbn"]) == 13
    assert len(rows["bookstore_genre"]) == 14
    pairs = {(s["store_id"], s["book_id"]) for s in rows["bookstore_stock"]}
    assert len(pairs) == len(rows["bookstore_stock"])
    for r in rows["bookstore_review"]:
        assert 1 <= r["rating"] <= 5


def main():
    rows = build()
    sanity_check(rows)
    text = render(rows)
    if sys.argv[1:] == ["--check"]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                raise SystemExit("data.sql is out of date: run python3 sample-db/generate_data.py")
        print("data.sql is up to date")
        return
    if sys.argv[1:]:
        raise SystemExit("usage: python3 sample-db/generate_data.py [--check]")
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    counts = ", ".join(f"{t[len('bookstore_'):]} {len(rows[t])}" for t in TABLE_ORDER)
    print(f"wrote {os.path.relpath(OUT)}: {counts}")


if __name__ == "__main__":
    main()
