/** Shown while a dimension's full list loads. */
export default function DetailsLoading() {
  return (
    <div className="dashboard" aria-busy="true" aria-label="Loading the list">
      <div className="skeleton skeleton-text" style={{ width: "8rem" }} />
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-text" style={{ width: "14rem" }} />
      <div className="card">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="skeleton skeleton-line" />
        ))}
      </div>
    </div>
  );
}
