"""Models of the `bookstore` sample app.

This is real Django code: the sample database was created by Django's own
migrations for these models, so every query you type in the REPL runs
against exactly the tables Django would use.
"""

from django.db import models
from django.db.models import Q


# --- Managers ---------------------------------------------------------------


class BookManager(models.Manager):
    """The default manager of Book, with one extra helper."""

    def highly_rated(self, min_rating=4.0):
        """Books whose rating is at least `min_rating`."""
        return self.filter(rating__gte=min_rating)


class InPrintManager(models.Manager):
    """Only the books that are still in print."""

    def get_queryset(self):
        return super().get_queryset().filter(in_print=True)


class ClassicManager(models.Manager):
    """Only the books published before 1950."""

    def get_queryset(self):
        return super().get_queryset().filter(pubdate__year__lt=1950)


class ActiveReviewManager(models.Manager):
    """Hides soft-deleted reviews."""

    def get_queryset(self):
        return super().get_queryset().filter(is_deleted=False)


# --- Models -----------------------------------------------------------------


class Publisher(models.Model):
    name = models.CharField(max_length=100, unique=True)
    country = models.CharField(max_length=2)  # ISO country code
    founded = models.IntegerField(null=True)  # a year

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Author(models.Model):
    name = models.CharField(max_length=100)
    age = models.PositiveIntegerField()
    email = models.EmailField(unique=True)
    mentor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentees",
    )

    def __str__(self):
        return self.name


class AuthorProfile(models.Model):
    author = models.OneToOneField(
        Author, on_delete=models.CASCADE, related_name="profile"
    )
    bio = models.TextField(blank=True)
    website = models.URLField(blank=True)
    born = models.DateField(null=True)

    def __str__(self):
        return f"profile of author {self.author_id}"


class Genre(models.Model):
    name = models.CharField(max_length=50, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )

    def __str__(self):
        return self.name


class Book(models.Model):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, unique=True)
    pages = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=6, decimal_places=2)
    rating = models.FloatField()  # 0.0 to 5.0
    pubdate = models.DateField()
    in_print = models.BooleanField(default=True)
    publisher = models.ForeignKey(
        Publisher, on_delete=models.CASCADE, related_name="books"
    )
    genre = models.ForeignKey(
        Genre,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="books",
    )
    authors = models.ManyToManyField(Author, related_name="books")

    objects = BookManager()
    in_print_books = InPrintManager()

    class Meta:
        indexes = [models.Index(fields=["pubdate"], name="book_pubdate_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="book_price_gte_0"),
        ]

    def __str__(self):
        return self.title


class ClassicBook(Book):
    """The same table as Book, seen through a different default manager."""

    objects = ClassicManager()

    class Meta:
        proxy = True
        ordering = ["pubdate"]


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    reviewer = models.CharField(max_length=100, db_index=True)
    rating = models.PositiveSmallIntegerField()  # 1 to 5
    body = models.TextField()
    created = models.DateTimeField()
    is_deleted = models.BooleanField(default=False)

    objects = ActiveReviewManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="review_rating_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} on book {self.book_id}"

    def delete(self, using=None, keep_parents=False):
        """Soft delete: mark the review as deleted instead of removing the row."""
        self.is_deleted = True
        self.save(update_fields=["is_deleted"])


class Store(models.Model):
    name = models.CharField(max_length=100)
    city = models.CharField(max_length=100)
    opened = models.DateField()
    books = models.ManyToManyField(Book, through="Stock", related_name="stores")

    def __str__(self):
        return self.name


class Stock(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE)
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "book"], name="unique_store_book"),
        ]

    def __str__(self):
        return f"{self.quantity} of book {self.book_id} at store {self.store_id}"


class PublisherStats(models.Model):
    """A read-only SQL view: one row per publisher with its book count and average price."""

    publisher = models.OneToOneField(
        Publisher,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        related_name="stats",
    )
    book_count = models.IntegerField()
    avg_price = models.DecimalField(max_digits=6, decimal_places=2, null=True)

    class Meta:
        managed = False
        db_table = "bookstore_publisher_stats"
