//===- TileTaskOps.cpp - verifiers of task-level ops -----------------------===//
#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Regex.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
/// Ops that synchronize or move data belong inside a task body, or in
/// device code: a function outside every tile.program, which
/// convert-tile-to-nvvm lowers (the kernel's own synchronization).
LogicalResult verifyInTask(Operation *op) {
  if (op->getParentOfType<TaskOp>() || isInDeviceCode(op))
    return success();
  return op->emitOpError("must be inside a tile.task or a device function");
}

bool isSharedMemory(MemRefType type) {
  Attribute space = type.getMemorySpace();
  if (auto i = dyn_cast_or_null<IntegerAttr>(space))
    return i.getInt() == 3;
  if (auto gpuSpace = dyn_cast_or_null<gpu::AddressSpaceAttr>(space))
    return gpuSpace.getValue() == gpu::AddressSpace::Workgroup;
  return false;
}

/// Global memory: no memory space (generic), 1, or #gpu.address_space<global>.
bool isGlobalMemory(MemRefType type) {
  Attribute space = type.getMemorySpace();
  if (!space)
    return true;
  if (auto i = dyn_cast<IntegerAttr>(space))
    return i.getInt() == 1;
  if (auto gpuSpace = dyn_cast<gpu::AddressSpaceAttr>(space))
    return gpuSpace.getValue() == gpu::AddressSpace::Global;
  return false;
}

/// Bytes of a static memref, or nullopt if that overflows int64.
std::optional<int64_t> checkedBytes(MemRefType type) {
  int64_t bytes = elementBytes(type);
  for (int64_t dim : type.getShape())
    if (llvm::MulOverflow(bytes, dim, bytes))
      return std::nullopt;
  return bytes;
}


/// The name of the tile.event that defines `event` (verified), for messages.
std::string eventName(Value event) {
  return ("@" + event.getDefiningOp<EventOp>().getSymName()).str();
}

/// Shared checks of tile.wait and tile.signal: placement, allowed orderings,
/// and that the op's scope covers the event's.
LogicalResult verifyEventSync(Operation *op, Value event,
                              MemoryOrdering ordering, MemoryScope scope,
                              ArrayRef<MemoryOrdering> allowed,
                              StringRef allowedText) {
  if (failed(verifyInTask(op)))
    return failure();
  auto def = event.getDefiningOp<EventOp>();
  // In device code an event is a run-time value (its counter and count).
  if (!def && !isInDeviceCode(op))
    return op->emitOpError("event operand must be defined by tile.event");
  if (!llvm::is_contained(allowed, ordering))
    return op->emitOpError()
           << "ordering '" << stringifyMemoryOrdering(ordering)
           << "' is not valid here: use " << allowedText;
  if (def && !covers(scope, def.getScope()))
    return op->emitOpError()
           << "scope '" << stringifyMemoryScope(scope)
           << "' is narrower than the scope '"
           << stringifyMemoryScope(def.getScope()) << "' of event "
           << eventName(event);
  return success();
}
} // namespace

int64_t mlir::tile::elementBytes(MemRefType type) {
  return llvm::divideCeil(type.getElementTypeBitWidth(), 8);
}

int64_t mlir::tile::sizeInBytes(MemRefType type) {
  return checkedBytes(type).value_or(0);
}

template <typename OpT>
OpT mlir::tile::lookupNamed(ProgramOp program, StringRef name) {
  for (auto op : program.getOps<OpT>())
    if (op.getSymName() == name)
      return op;
  return nullptr;
}
template BufferOp mlir::tile::lookupNamed(ProgramOp, StringRef);
template EventOp mlir::tile::lookupNamed(ProgramOp, StringRef);

bool mlir::tile::isInDeviceCode(Operation *op) {
  return !op->getParentOfType<ProgramOp>() &&
         op->getParentOfType<FunctionOpInterface>();
}

bool mlir::tile::isValidTarget(StringRef target) {
  static const llvm::Regex re("^(host|sm_[0-9]+a?)$");
  return re.match(target);
}

unsigned mlir::tile::smVersion(StringRef target) {
  unsigned number = 0;
  if (!target.starts_with("sm_") ||
      target.drop_front(3).take_while(llvm::isDigit).getAsInteger(10, number))
    return 0;
  return number;
}

//===----------------------------------------------------------------------===//
// ProgramOp
//===----------------------------------------------------------------------===//

LogicalResult ProgramOp::verify() {
  if (getDevice() < 0 || getDevice() > 65535)
    return emitOpError() << "device id must be in [0, 65535], got "
                         << getDevice();
  if (getWorkers() < 1 || getWorkers() > 1024)
    return emitOpError() << "workers must be in [1, 1024], got "
                         << getWorkers();
  if (!isValidTarget(getTarget()))
    return emitOpError() << "target '" << getTarget()
                         << "' is neither 'host' nor 'sm_<NN>[a]'";
  if (Attribute given = (*this)->getAttr(kTargetDescriptionAttr)) {
    auto description = dyn_cast<TargetAttr>(given);
    if (!description)
      return emitOpError() << "'" << kTargetDescriptionAttr
                           << "' must be a #tile.target";
    if (description.getChip() != getTarget())
      return emitOpError() << "'" << kTargetDescriptionAttr
                           << "' describes " << description.getChip()
                           << ", not the program's target " << getTarget();
  }
  // Report a duplicate device on the later program only.
  for (Operation *prev = getOperation()->getPrevNode(); prev;
       prev = prev->getPrevNode())
    if (auto other = dyn_cast<ProgramOp>(prev);
        other && other.getDevice() == getDevice())
      return emitOpError() << "device " << getDevice()
                           << " is already used by program @"
                           << other.getSymName();
  return success();
}

int64_t ProgramOp::getPlannedArenaEnd() {
  int64_t end = 0;
  for (auto buffer : getOps<BufferOp>())
    if (auto offset = buffer.getOffset())
      end = std::max(end, *offset + buffer.getSizeInBytes()); // < 2^49
  return end;
}

TargetAttr ProgramOp::getTargetDescription() {
  if (auto given = (*this)->getAttrOfType<TargetAttr>(kTargetDescriptionAttr))
    return given;
  return TargetAttr::getKnown(getContext(), getTarget());
}

int64_t ProgramOp::getArenaBytes() {
  return llvm::alignTo(std::max<int64_t>(getPlannedArenaEnd(), 1), 256);
}

LogicalResult ProgramOp::verifyRegions() {
  llvm::DenseMap<std::pair<int64_t, int64_t>, TaskOp> slots;
  for (Operation &op : getBody().front()) {
    // Constants are allowed: folding hoists them out of task bodies.
    if (op.hasTrait<OpTrait::ConstantLike>())
      continue;
    if (!isa<BufferOp, EventOp, TaskOp>(op))
      return op.emitOpError()
             << "cannot appear directly in a tile.program: only tile.buffer, "
                "tile.event, tile.task and constants can";
    auto task = dyn_cast<TaskOp>(op);
    if (!task || !task.getWorker())
      continue;
    auto [it, inserted] =
        slots.try_emplace({*task.getWorker(), *task.getOrder()}, task);
    if (!inserted)
      return task.emitOpError()
             << "is at worker " << *task.getWorker() << ", order "
             << *task.getOrder() << " like task @" << it->second.getSymName();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// BufferOp, EventOp, TaskOp
//===----------------------------------------------------------------------===//

int64_t BufferOp::getSizeInBytes() { return sizeInBytes(getResult().getType()); }

LogicalResult BufferOp::verify() {
  MemRefType type = getResult().getType();
  if (!type.hasStaticShape())
    return emitOpError("buffer must have a static shape");
  // Arena offsets are 48-bit: no device has more memory, and offset + size
  // can never overflow in the passes that add them.
  constexpr int64_t kMaxArenaBytes = int64_t(1) << 48;
  std::optional<int64_t> bytes = checkedBytes(type);
  if (!bytes || *bytes > kMaxArenaBytes)
    return emitOpError("buffer is larger than 2^48 bytes");
  if (!type.getLayout().isIdentity())
    return emitOpError("buffer must have the identity (row-major) layout");
  if (type.getMemorySpace())
    return emitOpError() << "buffer lives in global memory: expected no "
                            "memory space, got "
                         << type.getMemorySpace();
  if (auto offset = getOffset(); offset && (*offset < 0 || *offset % 16 != 0))
    return emitOpError() << "offset " << *offset
                         << " must be a non-negative multiple of 16 bytes";
  if (auto offset = getOffset(); offset && *offset > kMaxArenaBytes)
    return emitOpError() << "offset " << *offset
                         << " is beyond the 2^48-byte arena limit";
  if (getParent().has_value() != getParentOffset().has_value())
    return emitOpError("a view needs both its parent and its offset");
  if (std::optional<StringRef> parentName = getParent()) {
    if (getKind() != BufferKind::activation)
      return emitOpError("only an activation buffer may be a view");
    auto program = (*this)->getParentOfType<ProgramOp>();
    BufferOp parent = lookupNamed<BufferOp>(program, *parentName);
    if (!parent)
      return emitOpError() << "no buffer @" << *parentName
                           << " in this program to be a view of";
    if (parent.getParent())
      return emitOpError() << "parent @" << *parentName
                           << " is itself a view";
    int64_t at = *getParentOffset();
    if (at < 0 || at % 16 != 0 || at + *bytes > parent.getSizeInBytes())
      return emitOpError() << "view of " << *bytes << " bytes at " << at
                           << " must start at a multiple of 16 bytes within "
                              "@"
                           << *parentName << "'s " << parent.getSizeInBytes()
                           << " bytes";
  }
  if (std::optional<ArrayRef<int64_t>> slice = getSlice()) {
    if (getKind() != BufferKind::weight || !getSource())
      return emitOpError("a slice needs a weight buffer with a source");
    if (slice->size() != 4)
      return emitOpError() << "slice must be [dim, begin, end, extent], got "
                           << slice->size() << " values";
    int64_t dim = (*slice)[0], begin = (*slice)[1], end = (*slice)[2],
            extent = (*slice)[3];
    if (dim < 0 || dim >= type.getRank())
      return emitOpError() << "slice dim " << dim << " is not a dimension of "
                           << type;
    if (begin < 0 || end - begin != type.getDimSize(dim) || end > extent)
      return emitOpError() << "slice [" << begin << ", " << end
                           << ") of dim " << dim << " must lie within its "
                           << extent << " indices and hold the buffer's "
                           << type.getDimSize(dim);
  }
  return success();
}

LogicalResult EventOp::verify() {
  if (getTarget() < 1 || getTarget() > (int64_t(1) << 24))
    return emitOpError() << "target must be in [1, 2^24], got " << getTarget();
  if (!covers(getScope(), MemoryScope::gpu))
    return emitOpError() << "scope '" << stringifyMemoryScope(getScope())
                         << "' cannot order work across workers: use 'gpu' "
                            "or 'sys'";
  return success();
}

LogicalResult TaskOp::verify() {
  if (getWorker().has_value() != getOrder().has_value())
    return emitOpError("'worker' and 'order' must be set together");
  if (auto worker = getWorker()) {
    auto program = cast<ProgramOp>(getOperation()->getParentOp());
    if (*worker < 0 || *worker >= program.getWorkers())
      return emitOpError() << "worker " << *worker
                           << " is out of range for program @"
                           << program.getSymName() << " with "
                           << program.getWorkers() << " workers";
    if (*getOrder() < 0)
      return emitOpError() << "order must be non-negative, got "
                           << *getOrder();
  }
  llvm::SmallPtrSet<Value, 8> waited;
  for (auto [list, values] :
       {std::pair<StringRef, OperandRange>{"waits", getWaits()},
        std::pair<StringRef, OperandRange>{"signals", getSignals()}}) {
    llvm::SmallPtrSet<Value, 8> seen;
    for (Value event : values) {
      if (!event.getDefiningOp<EventOp>())
        return emitOpError() << list << " operand is not defined by tile.event";
      if (!seen.insert(event).second)
        return emitOpError() << "event " << eventName(event)
                             << " appears twice in " << list;
    }
    if (list == "waits")
      waited = seen;
  }
  for (Value event : getSignals())
    if (waited.contains(event))
      return emitOpError() << "waits on event " << eventName(event)
                           << " that it signals itself";
  return success();
}

//===----------------------------------------------------------------------===//
// Event synchronization
//===----------------------------------------------------------------------===//

LogicalResult WaitOp::verify() {
  return verifyEventSync(*this, getEvent(), getOrdering(), getScope(),
                         {MemoryOrdering::acquire, MemoryOrdering::relaxed},
                         "'acquire' or 'relaxed' for a wait");
}

LogicalResult SignalOp::verify() {
  return verifyEventSync(
      *this, getEvent(), getOrdering(), getScope(),
      {MemoryOrdering::release, MemoryOrdering::acq_rel,
       MemoryOrdering::relaxed},
      "'release', 'acq_rel' or 'relaxed' for a signal");
}

LogicalResult SendOp::verify() {
  // A send names a peer program's buffer and event: task IR only.
  if (!(*this)->getParentOfType<TaskOp>())
    return emitOpError("must be inside a tile.task");
  if (getSource().getType().getMemorySpace())
    return emitOpError("source must be in global memory (no memory space)");
  if (getScope() != MemoryScope::sys)
    return emitOpError() << "crosses devices: scope must be 'sys', got '"
                         << stringifyMemoryScope(getScope()) << "'";
  if (getOrdering() != MemoryOrdering::release &&
      getOrdering() != MemoryOrdering::acq_rel)
    return emitOpError() << "ordering '"
                         << stringifyMemoryOrdering(getOrdering())
                         << "' is not valid here: use 'release' or 'acq_rel' "
                            "for a send";
  for (SymbolRefAttr ref : {getBuffer(), getEvent()})
    if (ref.getNestedReferences().size() != 1)
      return emitOpError() << "reference " << ref
                           << " must name a peer program and a symbol in it, "
                              "as @peer::@name";
  if (getBuffer().getRootReference() != getEvent().getRootReference())
    return emitOpError() << "buffer " << getBuffer() << " and event "
                         << getEvent() << " must be on the same peer program";
  return success();
}

LogicalResult SendOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto module = getOperation()->getParentOfType<ModuleOp>();
  auto peer = symbolTable.lookupSymbolIn<ProgramOp>(
      module, getBuffer().getRootReference());
  if (!peer)
    return emitOpError() << "no program @"
                         << getBuffer().getRootReference().getValue()
                         << " in this module for the destination";
  if (peer == getOperation()->getParentOfType<ProgramOp>())
    return emitOpError() << "targets its own program @" << peer.getSymName()
                         << ": a send must cross devices";
  auto buffer = lookupNamed<BufferOp>(peer, getBuffer().getLeafReference());
  if (!buffer)
    return emitOpError() << "program @" << peer.getSymName()
                         << " has no buffer @"
                         << getBuffer().getLeafReference().getValue();
  MemRefType dest = buffer.getResult().getType();
  MemRefType source = getSource().getType();
  if (static_cast<int64_t>(getOffsets().size()) != dest.getRank())
    return emitOpError() << "expected " << dest.getRank()
                         << " offsets for the rank-" << dest.getRank()
                         << " destination, got " << getOffsets().size();
  if (source.getRank() != dest.getRank())
    return emitOpError() << "source rank " << source.getRank()
                         << " differs from the destination's "
                         << dest.getRank();
  if (source.getElementType() != dest.getElementType())
    return emitOpError() << "source element type " << source.getElementType()
                         << " differs from the destination's "
                         << dest.getElementType();
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(source.getShape(), dest.getShape())))
    if (std::get<0>(pair) > std::get<1>(pair))
      return emitOpError() << "source dim " << i << " (" << std::get<0>(pair)
                           << ") exceeds the destination's ("
                           << std::get<1>(pair) << ")";
  for (auto [i, offset] : llvm::enumerate(getOffsets())) {
    APInt c;
    if (matchPattern(offset, m_ConstantInt(&c)) &&
        (c.getSExtValue() < 0 ||
         c.getSExtValue() + source.getDimSize(i) > dest.getDimSize(i)))
      return emitOpError() << "writes indices [" << c.getSExtValue() << ", "
                           << c.getSExtValue() + source.getDimSize(i)
                           << ") of dim " << i << " of @"
                           << peer.getSymName() << "::@"
                           << buffer.getSymName() << ", which has "
                           << dest.getDimSize(i);
  }
  auto event = lookupNamed<EventOp>(peer, getEvent().getLeafReference());
  if (!event)
    return emitOpError() << "program @" << peer.getSymName()
                         << " has no event @"
                         << getEvent().getLeafReference().getValue();
  if (event.getScope() != MemoryScope::sys)
    return emitOpError() << "peer event " << getEvent()
                         << " must have scope 'sys', got '"
                         << stringifyMemoryScope(event.getScope()) << "'";
  return success();
}

ProgramOp SendOp::getPeerProgram() {
  return SymbolTable::lookupNearestSymbolFrom<ProgramOp>(
      getOperation()->getParentOfType<ModuleOp>(),
      getBuffer().getRootReference());
}

BufferOp SendOp::getDestinationBuffer() {
  ProgramOp peer = getPeerProgram();
  return peer ? lookupNamed<BufferOp>(peer, getBuffer().getLeafReference())
              : BufferOp();
}

EventOp SendOp::getPeerEvent() {
  ProgramOp peer = getPeerProgram();
  return peer ? lookupNamed<EventOp>(peer, getEvent().getLeafReference())
              : EventOp();
}

std::optional<int64_t> SendOp::getFlatDestinationOffset() {
  BufferOp buffer = getDestinationBuffer();
  if (!buffer)
    return std::nullopt;
  ArrayRef<int64_t> dest = buffer.getResult().getType().getShape();
  ArrayRef<int64_t> source = getSource().getType().getShape();
  SmallVector<int64_t> offsets;
  for (Value v : getOffsets()) {
    APInt c;
    if (!matchPattern(v, m_ConstantInt(&c)))
      return std::nullopt;
    offsets.push_back(c.getSExtValue());
  }
  // Row-major: contiguous when the dims after the first one the source does
  // not have at extent 1 are whole and start at 0.
  size_t first = 0;
  while (first + 1 < source.size() && source[first] == 1)
    ++first;
  int64_t flat = 0;
  for (size_t i = 0; i < dest.size(); ++i) {
    if (i > first && (source[i] != dest[i] || offsets[i] != 0))
      return std::nullopt;
    if (offsets[i] < 0 || offsets[i] + source[i] > dest[i])
      return std::nullopt;
    flat = flat * dest[i] + offsets[i];
  }
  return flat;
}

void SendOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  // The peer's side is checked by the schedule verifier (checkSends).
  if (auto buffer = getSource().getDefiningOp<BufferOp>())
    accesses.push_back({getSource(), 0, buffer.getSizeInBytes(), false});
}

void SendOp::encodeTask(TaskRecordWriter &r) {
  // The peer's index among the module's programs, as the table orders them.
  ProgramOp peer = getPeerProgram();
  uint32_t program = 0;
  for (auto [i, p] : llvm::enumerate(
           getOperation()->getParentOfType<ModuleOp>().getOps<ProgramOp>()))
    if (p == peer)
      program = i;
  r.setKind(TILEC_TASK_SEND);
  r.setOperand(TILEC_SEND_OP_src, getSource());
  r.setPeerOperand(TILEC_SEND_OP_dst, getDestinationBuffer().getResult(),
                   program);
  r.setInt(TILEC_SEND_IP_n, getSource().getType().getNumElements());
  r.setInt(TILEC_SEND_IP_d0, getFlatDestinationOffset().value_or(0));
}

//===----------------------------------------------------------------------===//
// Shared memory, mbarriers and bulk async copies
//===----------------------------------------------------------------------===//

LogicalResult AllocSharedOp::verify() {
  if (failed(verifyInTask(*this)))
    return failure();
  MemRefType type = getResult().getType();
  if (!isSharedMemory(type))
    return emitOpError("result must be in shared memory (address space 3)");
  // In device code, the largest shared memory of a known chip; the kernel's
  // launch checks the real one.
  auto program = (*this)->getParentOfType<ProgramOp>();
  TargetAttr target = program ? program.getTargetDescription()
                              : TargetAttr::getKnown(getContext(), "sm_90a");
  if (sizeInBytes(type) > target.getSharedBytes())
    return emitOpError() << "allocates " << sizeInBytes(type)
                         << " bytes, more than the " << target.getSharedBytes()
                         << " bytes of shared memory of one CTA on "
                         << target.getChip();
  return success();
}

LogicalResult MBarrierInitOp::verify() {
  if (failed(verifyInTask(*this)))
    return failure();
  // PTX: an mbarrier counts at most 2^20 - 1 arrivals per phase.
  if (getCount() < 1 || getCount() > (1 << 20) - 1)
    return emitOpError() << "count must be in [1, 2^20 - 1], got "
                         << getCount();
  return success();
}

LogicalResult CopyAsyncOp::verify() {
  if (failed(verifyInTask(*this)))
    return failure();
  MemRefType source = getSource().getType(), dest = getDest().getType();
  if (!isGlobalMemory(source))
    return emitOpError("source must be in global memory (no memory space, "
                       "or 1)");
  // Copies are issued ahead of the task's waits, so they may only read what
  // no task writes.
  if (auto buffer = getSource().getDefiningOp<BufferOp>();
      !isInDeviceCode(*this) &&
      (!buffer || buffer.getKind() != BufferKind::weight))
    return emitOpError("source must be a weight buffer: async copies run "
                       "ahead of the task's waits, so only data no task "
                       "writes may be copied");
  if (!isSharedMemory(dest))
    return emitOpError("destination must be in shared memory (address space 3)");
  if (source.getElementType() != dest.getElementType())
    return emitOpError() << "element types differ: source "
                         << source.getElementType() << ", destination "
                         << dest.getElementType();
  if (static_cast<int64_t>(getOffsets().size()) != source.getRank())
    return emitOpError() << "expected " << source.getRank()
                         << " offsets for the rank-" << source.getRank()
                         << " source, got " << getOffsets().size();
  if (dest.getRank() != source.getRank())
    return emitOpError() << "destination rank " << dest.getRank()
                         << " differs from the source's " << source.getRank();
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(dest.getShape(), source.getShape())))
    if (std::get<0>(pair) > std::get<1>(pair))
      return emitOpError() << "destination dim " << i << " ("
                           << std::get<0>(pair) << ") exceeds the source's ("
                           << std::get<1>(pair) << ")";
  if (sizeInBytes(dest) % 16 != 0)
    return emitOpError() << "copies " << sizeInBytes(dest)
                         << " bytes; cp.async.bulk needs a multiple of 16";
  // A tile narrower than its source is copied row by row: each row must be
  // a bulk copy of its own.
  if (!llvm::equal(source.getShape().drop_front(),
                   dest.getShape().drop_front())) {
    if (dest.getRank() != 2)
      return emitOpError() << "rank-" << dest.getRank()
                           << " tile narrower than its source: only rank-2 "
                              "tiles may be copied row by row";
    int64_t rowBytes = dest.getDimSize(1) * elementBytes(dest);
    if (rowBytes % 16 != 0)
      return emitOpError() << "copies rows of " << rowBytes
                           << " bytes from wider source rows; each row is a "
                              "cp.async.bulk and needs a multiple of 16";
  }
  APInt phase;
  if (getPhase() && matchPattern(getPhase(), m_ConstantInt(&phase)) &&
      phase.ugt(1))
    return emitOpError() << "phase is a parity, 0 or 1, got "
                         << phase.getZExtValue();
  return success();
}

LogicalResult AwaitOp::verify() {
  if (failed(verifyInTask(*this)))
    return failure();
  if (getOrdering() != MemoryOrdering::acquire &&
      getOrdering() != MemoryOrdering::relaxed)
    return emitOpError() << "ordering '"
                         << stringifyMemoryOrdering(getOrdering())
                         << "' is not valid here: use 'acquire' or 'relaxed' "
                            "for an await";
  if (covers(getScope(), MemoryScope::gpu))
    return emitOpError() << "scope '" << stringifyMemoryScope(getScope())
                         << "' is not valid for an mbarrier: use 'cta' or "
                            "'cluster'";
  return success();
}

#define GET_OP_CLASSES
#include "tile/Dialect/Tile/TileTaskOps.cpp.inc"
