"""Task entry points for media: they call services and nothing else."""

from django_tasks import task

from .services import images


@task()
def process_image(*, image_id: int) -> str:
    """An upload's sizes (deferred by `images.schedule_processing`)."""
    return images.process_image(image_id=image_id)
