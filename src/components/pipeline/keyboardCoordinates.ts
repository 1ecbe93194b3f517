import { KeyboardCode, type ClientRect, type KeyboardCoordinateGetter } from "@dnd-kit/core";

/** How far below a column's top edge a card lands when moved there by keyboard (under the header). */
const BELOW_HEADER = 96;

/** The column whose span holds x, or else the nearest one; columns sorted left to right. */
export function columnIndexAt(columns: readonly Pick<ClientRect, "left" | "right">[], x: number) {
  let best = -1;
  let bestDistance = Infinity;
  columns.forEach((rect, index) => {
    const distance = x < rect.left ? rect.left - x : x > rect.right ? x - rect.right : 0;
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/**
 * Keyboard drag on the board: Left and Right jump the picked-up card to the previous or next
 * stage column (dnd-kit's default moves it 25 px at a time); Up and Down do nothing, since a
 * column keeps its cards in close-date order.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const direction = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
  if (event.code === KeyboardCode.Up || event.code === KeyboardCode.Down) {
    event.preventDefault();
    return currentCoordinates;
  }
  if (!direction) return undefined;
  event.preventDefault();

  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!collisionRect) return currentCoordinates;
  const columns = droppableContainers
    .getEnabled()
    .filter((container) => container.data.current?.type === "column")
    .map((container) => droppableRects.get(container.id))
    .filter((rect): rect is ClientRect => !!rect)
    .sort((a, b) => a.left - b.left);
  if (!columns.length) return currentCoordinates;

  const centreX = collisionRect.left + collisionRect.width / 2;
  const target = columns[columnIndexAt(columns, centreX) + direction];
  if (!target) return currentCoordinates;
  return {
    x: currentCoordinates.x + (target.left + target.width / 2 - centreX),
    y: currentCoordinates.y + (target.top + BELOW_HEADER - collisionRect.top),
  };
};
